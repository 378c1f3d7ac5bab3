package dev.iqmon.config;

/**
 * The baseline-drop alert: fires when the mean of {@code consecutive} closed baseline windows in a
 * row is at least {@code fireAtOrAbove} points under the baseline (see {@code trends.baseline});
 * resolves when the drop is under {@code resolveBelow} points as many windows in a row. Windows
 * with fewer than {@code minImages} images are not judged.
 */
public record BaselineDropConfig(
    boolean enabled,
    double fireAtOrAbove,
    double resolveBelow,
    int consecutive,
    int minImages,
    AlertSeverity severity)
    implements RisingThreshold {

  private static final String KEY = "alerts.baseline-drop";

  public BaselineDropConfig {
    Validate.between(fireAtOrAbove, 0.001, 100, KEY + ".fire-at-or-above");
    Validate.between(resolveBelow, 0, 100, KEY + ".resolve-below");
    Validate.resolvesBelow(fireAtOrAbove, resolveBelow, KEY);
    Validate.positive(consecutive, KEY + ".consecutive");
    Validate.positive(minImages, KEY + ".min-images");
    severity = Validate.severity(severity);
  }
}
