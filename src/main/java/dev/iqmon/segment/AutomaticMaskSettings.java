package dev.iqmon.segment;

/**
 * How the automatic mode finds masks: a grid of {@code pointsPerSide²} foreground point prompts
 * over the image, each mask kept only when the decoder predicts an IoU of at least {@code
 * predIouThreshold} and it is stable (the area at threshold + {@code stabilityOffset} over that at
 * threshold − offset is at least {@code stabilityThreshold}), covers at least {@code
 * minAreaFraction} of the image, and overlaps no better mask by a box IoU above {@code
 * nmsIouThreshold}; at most {@code maxMasks}, best first. The service makes them from {@code
 * segmenter.automatic}, whose ranges are checked when the config is read.
 */
public record AutomaticMaskSettings(
    int pointsPerSide,
    double predIouThreshold,
    double stabilityThreshold,
    float stabilityOffset,
    double nmsIouThreshold,
    double minAreaFraction,
    int maxMasks) {

  /** SAM's automatic mask generator's filters, on a coarser 16x16 grid and 16 masks at most. */
  public static AutomaticMaskSettings defaults() {
    return new AutomaticMaskSettings(16, 0.88, 0.95, 1.0f, 0.7, 0.001, 16);
  }
}
