package dev.iqmon.config;

import java.time.Duration;

/**
 * The scene-change alert (the camera was moved): each feed learns a reference view from its first
 * {@code learnImages} frames, then keeps learning it from the frames that match it, each weighted
 * {@code learnWeight}. A frame whose structure is at least {@code fireAtOrAbove} from the reference
 * (0..1) counts towards firing, {@code consecutive} in a row fire; under {@code resolveBelow} as
 * many in a row resolve (the view came back). A new view that has held for {@code adoptAfter}
 * becomes the reference and resolves the alert.
 */
public record SceneChangeConfig(
    boolean enabled,
    double fireAtOrAbove,
    double resolveBelow,
    int consecutive,
    int learnImages,
    double learnWeight,
    Duration adoptAfter,
    AlertSeverity severity)
    implements RisingThreshold {

  private static final String KEY = "alerts.scene-change";

  public SceneChangeConfig {
    Validate.between(fireAtOrAbove, 0.01, 1, KEY + ".fire-at-or-above");
    Validate.between(resolveBelow, 0, 1, KEY + ".resolve-below");
    Validate.resolvesBelow(fireAtOrAbove, resolveBelow, KEY);
    Validate.positive(consecutive, KEY + ".consecutive");
    Validate.positive(learnImages, KEY + ".learn-images");
    Validate.between(learnWeight, 0.0001, 1, KEY + ".learn-weight");
    Validate.present(adoptAfter, KEY + ".adopt-after");
    severity = Validate.severity(severity);
  }
}
