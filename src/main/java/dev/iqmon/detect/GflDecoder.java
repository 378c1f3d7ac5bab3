package dev.iqmon.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes NanoDet's outputs (generalised focal loss head): for each cell of each stride, the class
 * scores (after the sigmoid) and, for each side of the box, logits over {@code regMax + 1} bins; a
 * side's distance is {@code stride} times the expectation of the bins' softmax. The cell {@code (x,
 * y)} has its centre at {@code ((x + offset) * stride, (y + offset) * stride)}. Boxes are in input
 * pixels, clipped to the input, before non-maximum suppression.
 */
public final class GflDecoder {

  /** Upstream NanoDet's suppression threshold. */
  public static final double NMS_IOU = 0.6;

  private GflDecoder() {}

  /** Every cell whose best class scores at least {@code minScore}, as that class. */
  public static List<Detection> decode(
      DetectorContract contract, DetectorOutputs outputs, int image, double minScore) {
    DetectorContract.GflLayout layout = contract.gfl();
    int classes = contract.labels().size();
    int bins = layout.regMax() + 1;
    List<Detection> found = new ArrayList<>();
    for (int stride : layout.strides()) {
      int cells = -Math.floorDiv(-contract.inputSize(), stride);
      int count = cells * cells;
      float[] scores = outputs.get("scores_" + stride);
      float[] boxes = outputs.get("boxes_" + stride);
      for (int k = 0; k < count; k++) {
        int at = (image * count + k) * classes;
        int best = argmax(scores, at, classes);
        float score = scores[at + best];
        if (score >= minScore) {
          double cx = (k % cells + layout.centreOffset()) * stride;
          double cy = (k / cells + layout.centreOffset()) * stride;
          int sides = (image * count + k) * 4 * bins;
          found.add(box(contract, best, score, cx, cy, boxes, sides, bins, stride));
        }
      }
    }
    return found;
  }

  private static Detection box(
      DetectorContract contract,
      int label,
      float score,
      double cx,
      double cy,
      float[] boxes,
      int at,
      int bins,
      int stride) {
    double left = stride * expectation(boxes, at, bins);
    double top = stride * expectation(boxes, at + bins, bins);
    double right = stride * expectation(boxes, at + 2 * bins, bins);
    double bottom = stride * expectation(boxes, at + 3 * bins, bins);
    int size = contract.inputSize();
    return new Detection(
        contract.labels().get(label),
        Math.min(1, Math.max(0, score)),
        clip(cx - left, size),
        clip(cy - top, size),
        clip(cx + right, size),
        clip(cy + bottom, size));
  }

  /** The expected bin index under the softmax of {@code logits[at .. at + bins)}. */
  static double expectation(float[] logits, int at, int bins) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < bins; i++) {
      max = Math.max(max, logits[at + i]);
    }
    double sum = 0;
    double weighted = 0;
    for (int i = 0; i < bins; i++) {
      double e = Math.exp(logits[at + i] - max);
      sum += e;
      weighted += e * i;
    }
    return weighted / sum;
  }

  private static int argmax(float[] values, int at, int count) {
    int best = 0;
    for (int i = 1; i < count; i++) {
      if (values[at + i] > values[at + best]) {
        best = i;
      }
    }
    return best;
  }

  private static double clip(double v, int size) {
    return Math.max(0, Math.min(size, v));
  }
}
