package dev.iqmon.config;

/**
 * The low-score alert: fires when a region's score stays under {@code fireBelow} for {@code
 * consecutive} images in a row, and resolves only once it stays at or above {@code
 * resolveAtOrAbove} as long; between the two it keeps its state (hysteresis). {@code fireBelow} is
 * also the threshold of the trends' share of images under it.
 */
public record LowScoreConfig(
    boolean enabled,
    double fireBelow,
    double resolveAtOrAbove,
    int consecutive,
    AlertSeverity severity) {

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
    severity = Validate.severity(severity);
  }
}
