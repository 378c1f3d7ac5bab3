package dev.iqmon.detect;

import java.util.Map;

/**
 * Outputs of {@link DetectorLayouts#gfl} at 64 x 64 with strides 8 and 16, every cell empty until
 * set: the network's side of a detection, made by hand.
 */
final class GflOutputs {

  static final int BINS = 11;
  private static final int SIZE = 64;
  private final int images;
  private final Map<String, float[]> values;

  GflOutputs(int images) {
    this.images = images;
    this.values =
        Map.of(
            "scores_8", new float[images * 64 * 2],
            "scores_16", new float[images * 16 * 2],
            "boxes_8", new float[images * 64 * 4 * BINS],
            "boxes_16", new float[images * 16 * 4 * BINS]);
  }

  /** A cell whose class scores {@code score} and whose sides sit at the given bins. */
  GflOutputs cell(int image, int stride, int cell, int label, float score, int[] sideBins) {
    int cells = (SIZE / stride) * (SIZE / stride);
    values.get("scores_" + stride)[(image * cells + cell) * 2 + label] = score;
    float[] boxes = values.get("boxes_" + stride);
    int at = (image * cells + cell) * 4 * BINS;
    for (int side = 0; side < 4; side++) {
      for (int bin = 0; bin < BINS; bin++) {
        boxes[at + side * BINS + bin] = bin == sideBins[side] ? 40 : -40;
      }
    }
    return this;
  }

  DetectorOutputs outputs() {
    return new DetectorOutputs(values, images);
  }
}
