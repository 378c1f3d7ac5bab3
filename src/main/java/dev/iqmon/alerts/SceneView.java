package dev.iqmon.alerts;

import static dev.iqmon.alerts.FrameSignature.BINS;
import static dev.iqmon.alerts.FrameSignature.CELLS;

/**
 * A view of a camera learned from its frames: per cell of the {@link FrameSignature} grid, the mean
 * share of edge energy per orientation and the mean texture, over {@code images} frames (a running
 * mean, then exponentially weighted). {@code since} is the capture time of its first frame.
 */
public record SceneView(double[] orientations, double[] texture, int images, long since) {

  /** A cell at least this textured in a view has structure worth comparing. */
  public static final double TEXTURED = 0.02;

  /** A cell this bright (0..255) in a frame is blown out. */
  private static final double CLIPPED = 235;

  public SceneView {
    if (orientations.length != CELLS * BINS || texture.length != CELLS) {
      throw new IllegalArgumentException("a scene view needs " + CELLS + " cells");
    }
  }

  /** A view of one frame. */
  public static SceneView of(FrameSignature frame, long time) {
    double[] orientations = new double[CELLS * BINS];
    double[] texture = new double[CELLS];
    for (int c = 0; c < CELLS; c++) {
      texture[c] = frame.texture(c);
      for (int b = 0; b < BINS; b++) {
        orientations[c * BINS + b] = frame.orientation(c, b);
      }
    }
    return new SceneView(orientations, texture, 1, time);
  }

  /**
   * This view with the frame learned: a running mean over the first {@code 1 / weight} frames, then
   * each new frame weighted {@code weight}.
   */
  public SceneView learn(FrameSignature frame, double weight) {
    double w = Math.max(weight, 1.0 / (images + 1));
    double[] o = orientations.clone();
    double[] t = texture.clone();
    for (int c = 0; c < CELLS; c++) {
      t[c] += w * (frame.texture(c) - t[c]);
      for (int b = 0; b < BINS; b++) {
        int i = c * BINS + b;
        o[i] += w * (frame.orientation(c, b) - o[i]);
      }
    }
    return new SceneView(o, t, images + 1, since);
  }

  /**
   * How far the frame's structure is from this view, 0 (the same edges in the same places) to 1:
   * the mean, over the cells, of the difference of their orientation histograms (half the sum of
   * the absolute differences), each cell weighted by how textured it is in this view, so that flat
   * areas (a wall, the sky) count little. 0 when the view has no texture anywhere.
   */
  public double distance(FrameSignature frame) {
    double sum = 0;
    double weights = 0;
    for (int c = 0; c < CELLS; c++) {
      double weight = Math.min(1, texture[c] / TEXTURED);
      if (weight <= 0) {
        continue;
      }
      double d = 0;
      for (int b = 0; b < BINS; b++) {
        d += Math.abs(orientations[c * BINS + b] - frame.orientation(c, b));
      }
      sum += weight * d / 2;
      weights += weight;
    }
    return weights < 1 ? 0 : sum / weights;
  }

  /**
   * The cells textured in this view whose texture in the frame fell under {@code ratio} of it: the
   * cells a cover, a spray or dirt on the lens has smoothed over. Cells blown out to white are
   * over-exposed, not covered, and are left out.
   */
  public boolean[] lostTexture(FrameSignature frame, double ratio) {
    boolean[] lost = new boolean[CELLS];
    for (int c = 0; c < CELLS; c++) {
      lost[c] =
          texture[c] >= TEXTURED
              && frame.texture(c) < ratio * texture[c]
              && frame.luma(c) < CLIPPED;
    }
    return lost;
  }

  /** How many cells are textured in this view. */
  public int texturedCells() {
    int n = 0;
    for (double t : texture) {
      if (t >= TEXTURED) {
        n++;
      }
    }
    return n;
  }
}
