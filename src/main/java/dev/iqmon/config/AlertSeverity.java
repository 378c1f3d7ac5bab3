package dev.iqmon.config;

/**
 * How urgent an alert rule's episodes are, set per rule ({@code alerts.<rule>.severity}). It lives
 * with the settings because the alert rules are built from them; output records carry it as the
 * Avro {@code Severity} of the same names.
 */
public enum AlertSeverity {
  INFO,
  WARNING,
  CRITICAL
}
