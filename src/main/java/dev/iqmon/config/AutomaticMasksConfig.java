package dev.iqmon.config;

import dev.iqmon.segment.AutomaticMaskSettings;

/**
 * The segmenter's automatic mode: a {@code pointsPerSide x pointsPerSide} grid of point prompts
 * over each image, keeping masks by predicted IoU and stability, of at least {@code minArea} of the
 * image, after non-maximum suppression, {@code maxMasks} at most. {@code enabled} applies to every
 * feed; {@code feeds.<id>.automatic-masks} overrides it per feed.
 */
public record AutomaticMasksConfig(
    boolean enabled,
    int pointsPerSide,
    double predIouThreshold,
    double stabilityScoreThreshold,
    double stabilityScoreOffset,
    double nmsIouThreshold,
    double minArea,
    int maxMasks) {

  public AutomaticMasksConfig {
    Validate.positive(pointsPerSide, "segmenter.automatic.points-per-side");
    Validate.positive(maxMasks, "segmenter.automatic.max-masks");
    if (!(stabilityScoreOffset > 0)) {
      throw new ConfigException("segmenter.automatic.stability-score-offset must be positive");
    }
    if (!(nmsIouThreshold > 0 && nmsIouThreshold <= 1)) {
      throw new ConfigException("segmenter.automatic.nms-iou-threshold must be in (0, 1]");
    }
    if (!(minArea >= 0 && minArea <= 1)) {
      throw new ConfigException("segmenter.automatic.min-area is a fraction of the image, 0..1");
    }
  }

  /** The settings as the segmenter applies them. */
  public AutomaticMaskSettings settings() {
    return new AutomaticMaskSettings(
        pointsPerSide,
        predIouThreshold,
        stabilityScoreThreshold,
        (float) stabilityScoreOffset,
        nmsIouThreshold,
        minArea,
        maxMasks);
  }
}
