package dev.iqmon.schema;

/**
 * Compatibility levels of the Confluent REST API. {@code BACKWARD}: consumers using the new schema
 * can read data written with the previous one; {@code FORWARD}: the other way round; {@code FULL}:
 * both. {@code _TRANSITIVE} checks against every earlier version, not only the latest.
 */
public enum Compatibility {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE
}
