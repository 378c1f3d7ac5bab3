/**
 * Alert rules as state machines over region scores: when an episode fires and when it resolves.
 * Plain Java.
 */
package dev.iqmon.alerts;
