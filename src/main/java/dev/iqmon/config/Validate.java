package dev.iqmon.config;

import java.util.Arrays;

/** Checks shared by the config records; each failure names the setting. */
final class Validate {

  private Validate() {}

  static void notBlank(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key + " must be set");
    }
  }

  static void positive(long value, String key) {
    if (value <= 0) {
      throw new ConfigException(key + " must be positive, got " + value);
    }
  }

  static void oneOf(String value, String key, String... allowed) {
    if (!Arrays.asList(allowed).contains(value)) {
      throw new ConfigException(
          key + " must be one of " + Arrays.toString(allowed) + ", got '" + value + "'");
    }
  }

  /** Upper-cased, and one of INFO, WARNING, CRITICAL; WARNING when absent. */
  static String severity(String value, String key) {
    String severity = value == null ? "WARNING" : value.toUpperCase(java.util.Locale.ROOT);
    oneOf(severity, key, "INFO", "WARNING", "CRITICAL");
    return severity;
  }

  /** {@code low <= value <= high}. */
  static void between(double value, double low, double high, String key) {
    if (!(value >= low && value <= high)) {
      throw new ConfigException(key + " must be in [" + low + ", " + high + "], got " + value);
    }
  }

  /** A firing level and a resolving level on its good side, {@code resolve <= fire}. */
  static void resolvesBelow(double fire, double resolve, String prefix) {
    if (!(resolve <= fire)) {
      throw new ConfigException(
          prefix
              + ".resolve-below must be at most fire-at-or-above ("
              + fire
              + "), got "
              + resolve);
    }
  }

  static void duration(String value, String key) {
    notBlank(value, key);
    try {
      Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage(), e);
    }
  }
}
