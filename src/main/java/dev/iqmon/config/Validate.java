package dev.iqmon.config;

import java.time.Duration;
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

  /** The severity given, WARNING when absent. */
  static AlertSeverity severity(AlertSeverity value) {
    return value == null ? AlertSeverity.WARNING : value;
  }

  /** A setting with no default: present. */
  static <T> T present(T value, String key) {
    if (value == null) {
      throw new ConfigException(key + " must be set");
    }
    return value;
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

  /** A duration that is set and at least {@code min}. */
  static Duration atLeast(Duration value, Duration min, String key) {
    present(value, key);
    if (value.compareTo(min) < 0) {
      throw new ConfigException(
          key + " must be at least " + Durations.format(min) + ", got " + Durations.format(value));
    }
    return value;
  }
}
