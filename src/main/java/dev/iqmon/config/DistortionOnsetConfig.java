package dev.iqmon.config;

/**
 * The distortion-onset alert, one per distortion type: fires when a region's probability of the
 * type is at least {@code fireAtOrAbove} for {@code consecutive} images in a row; resolves when it
 * is under {@code resolveBelow} as long.
 */
public record DistortionOnsetConfig(
    boolean enabled,
    double fireAtOrAbove,
    double resolveBelow,
    int consecutive,
    AlertSeverity severity)
    implements RisingThreshold {

  private static final String KEY = "alerts.distortion-onset";

  public DistortionOnsetConfig {
    Validate.between(fireAtOrAbove, 0.001, 1, KEY + ".fire-at-or-above");
    Validate.between(resolveBelow, 0, 1, KEY + ".resolve-below");
    Validate.resolvesBelow(fireAtOrAbove, resolveBelow, KEY);
    Validate.positive(consecutive, KEY + ".consecutive");
    severity = Validate.severity(severity);
  }
}
