package dev.iqmon.config;

import java.util.Locale;

/**
 * The low-score alert: fires when a region's score stays under {@code fireBelow} for {@code
 * consecutive} images in a row, and resolves only once it stays at or above {@code
 * resolveAtOrAbove} as long; between the two it keeps its state (hysteresis).
 */
public record LowScoreConfig(
    boolean enabled, double fireBelow, double resolveAtOrAbove, int consecutive, String severity) {

  public LowScoreConfig {
    if (!(fireBelow > 0 && fireBelow <= 100)) {
      throw new ConfigException(
          "alerts.low-score.fire-below must be in (0, 100], got " + fireBelow);
    }
    if (!(resolveAtOrAbove >= fireBelow && resolveAtOrAbove <= 100)) {
      throw new ConfigException(
          "alerts.low-score.resolve-at-or-above must be in [fire-below, 100], got "
              + resolveAtOrAbove);
    }
    Validate.positive(consecutive, "alerts.low-score.consecutive");
    severity = severity == null ? "WARNING" : severity.toUpperCase(Locale.ROOT);
    Validate.oneOf(severity, "alerts.low-score.severity", "INFO", "WARNING", "CRITICAL");
  }
}
