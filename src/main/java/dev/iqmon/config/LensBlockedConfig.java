package dev.iqmon.config;

/**
 * The lens-blocked alert: the share of the frame's textured area (as the scene-change reference
 * sees it) whose texture fell under {@code textureRatio} of the reference's; or, where the learned
 * model finds occlusion, the share of the frame its occlusion regions cover, counted when the
 * model's occlusion probability for the whole frame is at least {@code occlusionAtOrAbove}. At or
 * above {@code fireAtOrAbove} for {@code consecutive} frames in a row fires; under {@code
 * resolveBelow} as long resolves.
 */
public record LensBlockedConfig(
    boolean enabled,
    double fireAtOrAbove,
    double resolveBelow,
    double textureRatio,
    double occlusionAtOrAbove,
    int consecutive,
    AlertSeverity severity)
    implements RisingThreshold {

  private static final String KEY = "alerts.lens-blocked";

  public LensBlockedConfig {
    Validate.between(fireAtOrAbove, 0.01, 1, KEY + ".fire-at-or-above");
    Validate.between(resolveBelow, 0, 1, KEY + ".resolve-below");
    Validate.resolvesBelow(fireAtOrAbove, resolveBelow, KEY);
    Validate.between(textureRatio, 0.01, 0.99, KEY + ".texture-ratio");
    Validate.between(occlusionAtOrAbove, 0, 1, KEY + ".occlusion-at-or-above");
    Validate.positive(consecutive, KEY + ".consecutive");
    severity = Validate.severity(severity);
  }
}
