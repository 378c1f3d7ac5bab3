package dev.iqmon.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a MediaPipe SSD face detector's outputs: per anchor, a score logit (clipped, then the
 * sigmoid) and a box {@code [dx, dy, w, h, key points...]} in input pixels over {@code boxScale}:
 * the centre is the anchor's plus {@code (dx, dy) / boxScale}, the size {@code (w, h) / boxScale},
 * both in fractions of the input. The outputs of each stride, in increasing order, follow the
 * anchors' order. Boxes are in input pixels, clipped to the input, before non-maximum suppression.
 */
public final class SsdDecoder {

  /** MediaPipe's suppression threshold for its face detectors. */
  public static final double NMS_IOU = 0.3;

  private SsdDecoder() {}

  public static List<Detection> decode(
      DetectorContract contract,
      SsdAnchors anchors,
      DetectorOutputs outputs,
      int image,
      double minScore) {
    DetectorContract.SsdLayout layout = contract.ssd();
    int size = contract.inputSize();
    String label = contract.labels().get(0);
    List<Detection> found = new ArrayList<>();
    int anchor = 0;
    for (int stride : contract.outputStrides()) {
      float[] scores = outputs.get("scores_" + stride);
      float[] boxes = outputs.get("boxes_" + stride);
      int count = outputs.perImage("scores_" + stride);
      int width = outputs.perImage("boxes_" + stride) / count;
      for (int k = 0; k < count; k++, anchor++) {
        double logit =
            Math.max(-layout.scoreClip(), Math.min(layout.scoreClip(), scores[image * count + k]));
        double score = 1 / (1 + Math.exp(-logit));
        int at = (image * count + k) * width;
        if (score >= minScore && boxes[at + 2] > 0 && boxes[at + 3] > 0) {
          found.add(
              box(
                  label,
                  score,
                  anchors.x(anchor),
                  anchors.y(anchor),
                  boxes,
                  at,
                  layout.boxScale(),
                  size));
        }
      }
    }
    if (anchor != anchors.count()) {
      throw new IllegalStateException(
          "the outputs have " + anchor + " anchors per image, the layout " + anchors.count());
    }
    return found;
  }

  private static Detection box(
      String label, double score, float ax, float ay, float[] raw, int at, double scale, int size) {
    double cx = ax + raw[at] / scale;
    double cy = ay + raw[at + 1] / scale;
    double w = raw[at + 2] / scale;
    double h = raw[at + 3] / scale;
    return new Detection(
        label,
        score,
        clip((cx - w / 2) * size, size),
        clip((cy - h / 2) * size, size),
        clip((cx + w / 2) * size, size),
        clip((cy + h / 2) * size, size));
  }

  private static double clip(double v, int size) {
    return Math.max(0, Math.min(size, v));
  }
}
