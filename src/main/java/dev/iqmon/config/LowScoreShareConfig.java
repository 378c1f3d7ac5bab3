package dev.iqmon.config;

/**
 * The low-score-share alert: fires when, in {@code consecutive} closed windows of the trend window
 * {@code window} (the first of {@code trends.windows} when absent) in a row, the share of images
 * under {@code alerts.low-score.fire-below} is at least {@code fireAtOrAbove}; resolves when it is
 * under {@code resolveBelow} as many windows in a row. Windows with fewer than {@code minImages}
 * images are not judged.
 */
public record LowScoreShareConfig(
    boolean enabled,
    String window,
    double fireAtOrAbove,
    double resolveBelow,
    int consecutive,
    int minImages,
    AlertSeverity severity)
    implements RisingThreshold {

  private static final String KEY = "alerts.low-score-share";

  public LowScoreShareConfig {
    Validate.between(fireAtOrAbove, 0, 1, KEY + ".fire-at-or-above");
    Validate.between(resolveBelow, 0, 1, KEY + ".resolve-below");
    Validate.resolvesBelow(fireAtOrAbove, resolveBelow, KEY);
    Validate.positive(consecutive, KEY + ".consecutive");
    Validate.positive(minImages, KEY + ".min-images");
    severity = Validate.severity(severity);
  }
}
