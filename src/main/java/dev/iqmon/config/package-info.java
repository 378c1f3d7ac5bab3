/**
 * The service's configuration: YAML with environment substitution, read into records.
 *
 * <p>Conventions, from the file to the code that uses it:
 *
 * <ul>
 *   <li>Values are bound to their types as the file is read: durations ({@code 500ms, 30s, 5m, 1h,
 *       2d}) to {@link java.time.Duration}, names to enums ({@code resized-hwc} is {@code
 *       RESIZED_HWC}). Nothing outside this package parses a setting from text.
 *   <li>Each config record checks its values once, in its compact constructor, and a failure names
 *       the setting's key ({@link ConfigException}). A bad value stops the service at start-up.
 *   <li>Where another package has its own record for the same settings, the config record makes it
 *       ({@link DegradedRegionsConfig#settings()}, {@link AutomaticMasksConfig#settings()}, {@link
 *       RoisConfig#limits()}, {@link SegmenterConfig#contract()}); the domain record does not check
 *       the ranges again.
 * </ul>
 */
package dev.iqmon.config;
