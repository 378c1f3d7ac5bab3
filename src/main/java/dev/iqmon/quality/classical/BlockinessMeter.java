package dev.iqmon.quality.classical;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;

/**
 * Blockiness: how much larger luma steps are across the 8x8 grid of JPEG-style block coding than
 * inside the blocks, {@code mean|step at x ≡ 7 (mod 8)| / mean|other steps| - 1}, horizontally and
 * vertically, the smaller of the two (a stripe pattern in one direction is not blocking). 0 means
 * no block structure; 0.5 means steps across block edges are half as large again as inside.
 * Measured at native resolution, as blocks live on the image's own pixel grid, aligned to its top
 * left.
 */
final class BlockinessMeter {

  private static final int BLOCK = 8;
  private static final int MAX_LINES = 257;
  private static final int MIN_STEPS = 64;

  private BlockinessMeter() {}

  static double measure(RgbImage image, Roi roi) {
    PixelBox box = roi.box();
    // An odd stride visits every phase of the 8-pixel grid.
    int stride = Math.max(1, box.height() / MAX_LINES) | 1;
    double[] across = new double[4];
    double[] down = new double[4];
    for (int y = box.y(); y < box.bottom(); y += stride) {
      for (int x = box.x(); x < box.right(); x++) {
        if (!roi.contains(x, y)) {
          continue;
        }
        int here = luma(image, x, y);
        if (x + 1 < box.right() && roi.contains(x + 1, y)) {
          add(across, (x + 1) % BLOCK == 0, Math.abs(luma(image, x + 1, y) - here));
        }
        if (y + 1 < box.bottom() && roi.contains(x, y + 1)) {
          add(down, (y + 1) % BLOCK == 0, Math.abs(luma(image, x, y + 1) - here));
        }
      }
    }
    return Math.max(0, Math.min(ratio(across), ratio(down)));
  }

  /** Sums: [0] steps across a block edge, [1] their count, [2] steps inside, [3] their count. */
  private static void add(double[] sums, boolean edge, int step) {
    int at = edge ? 0 : 2;
    sums[at] += step;
    sums[at + 1]++;
  }

  private static double ratio(double[] sums) {
    if (sums[1] < MIN_STEPS || sums[3] < MIN_STEPS) {
      return 0;
    }
    double edge = sums[0] / sums[1];
    double inside = sums[2] / sums[3];
    return edge / Math.max(inside, 0.5) - 1;
  }

  /** Integer luma, 0..255 (BT.601 weights in eighths of a percent). */
  private static int luma(RgbImage image, int x, int y) {
    int p = image.rgb(x, y);
    return (77 * (p >> 16 & 0xff) + 150 * (p >> 8 & 0xff) + 29 * (p & 0xff) + 128) >> 8;
  }
}
