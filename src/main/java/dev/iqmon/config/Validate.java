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

  static void duration(String value, String key) {
    notBlank(value, key);
    try {
      Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage(), e);
    }
  }
}
