package dev.iqmon.segment;

import dev.iqmon.roi.ModelFrame;
import dev.iqmon.roi.RoiShape;
import java.util.List;

/**
 * A batch of prompts as the decoder's {@code point_coords} {@code [B, P, 2]} and {@code
 * point_labels} {@code [B, P]}: each prompt's points (label 1 foreground, 0 background), then its
 * box as two corners (labels 2 and 3), or, without a box, one padding point (label −1) as the SAM
 * exports expect. Coordinates are mapped into the decoder's frame.
 */
record PromptTensors(float[] coords, float[] labels, int prompts, int points) {

  static final float FOREGROUND = 1;
  static final float BACKGROUND = 0;
  static final float TOP_LEFT = 2;
  static final float BOTTOM_RIGHT = 3;
  static final float PADDING = -1;

  /** How many points a prompt becomes; prompts batch together only when this is equal. */
  static int pointCount(RoiShape.Prompt prompt) {
    return prompt.points().size() + (prompt.box() != null ? 2 : 1);
  }

  /**
   * @param frame the image's place in the model frame; null when the decoder takes image pixels
   */
  static PromptTensors of(List<RoiShape.Prompt> batch, ModelFrame frame) {
    int points = pointCount(batch.get(0));
    float[] coords = new float[batch.size() * points * 2];
    float[] labels = new float[batch.size() * points];
    for (int b = 0; b < batch.size(); b++) {
      RoiShape.Prompt prompt = batch.get(b);
      if (pointCount(prompt) != points) {
        throw new IllegalArgumentException("prompts of one batch need the same number of points");
      }
      int i = b * points;
      for (RoiShape.PromptPoint p : prompt.points()) {
        put(coords, labels, i++, p.x(), p.y(), p.foreground() ? FOREGROUND : BACKGROUND, frame);
      }
      RoiShape.Box box = prompt.box();
      if (box != null) {
        put(coords, labels, i++, box.x(), box.y(), TOP_LEFT, frame);
        put(coords, labels, i, box.x() + box.width(), box.y() + box.height(), BOTTOM_RIGHT, frame);
      } else {
        labels[i] = PADDING;
      }
    }
    return new PromptTensors(coords, labels, batch.size(), points);
  }

  private static void put(
      float[] coords, float[] labels, int i, double x, double y, float label, ModelFrame frame) {
    double[] p = frame == null ? new double[] {x, y} : frame.toModel(x, y);
    coords[2 * i] = (float) p[0];
    coords[2 * i + 1] = (float) p[1];
    labels[i] = label;
  }
}
