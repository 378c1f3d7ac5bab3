package dev.iqmon.quality.classical;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;

/**
 * Blockiness: how much larger luma steps are across the 8x8 grid of JPEG-style block coding than
 * inside the blocks, {@code mean|step across a block edge| / mean|step inside| - 1}, horizontally
 * and vertically, the smaller of the two (a stripe pattern in one direction is not blocking). 0
 * means no block structure; 0.5 means steps across block edges are half as large again as inside.
 * Measured at native resolution on up to about {@value #MAX_LINES} rows, as blocks live on the
 * image's own pixel grid, aligned to its top left.
 */
final class BlockinessMeter {

  private static final int BLOCK = 8;
  private static final int MAX_LINES = 129;
  private static final int MIN_STEPS = 64;

  /** Sums of steps across block edges and inside blocks, and their counts. */
  private long edgeSum;

  private long edgeCount;
  private long insideSum;
  private long insideCount;

  private BlockinessMeter() {}

  static double measure(RgbImage image, Roi roi) {
    BlockinessMeter across = new BlockinessMeter();
    BlockinessMeter down = new BlockinessMeter();
    PixelBox box = roi.box();
    // An odd stride visits every phase of the 8-pixel grid.
    int stride = Math.max(1, box.height() / MAX_LINES) | 1;
    int[] row = new int[box.width()];
    int[] next = new int[box.width()];
    boolean[] in = new boolean[box.width()];
    boolean[] nextIn = new boolean[box.width()];
    for (int y = box.y(); y + 1 < box.bottom(); y += stride) {
      luma(image, roi, y, row, in);
      luma(image, roi, y + 1, next, nextIn);
      boolean edgeBelow = (y + 1) % BLOCK == 0;
      for (int i = 0; i < row.length; i++) {
        if (in[i]) {
          if (i + 1 < row.length && in[i + 1]) {
            across.add((box.x() + i + 1) % BLOCK == 0, Math.abs(row[i + 1] - row[i]));
          }
          if (nextIn[i]) {
            down.add(edgeBelow, Math.abs(next[i] - row[i]));
          }
        }
      }
    }
    return Math.max(0, Math.min(across.ratio(), down.ratio()));
  }

  private void add(boolean edge, int step) {
    if (edge) {
      edgeSum += step;
      edgeCount++;
    } else {
      insideSum += step;
      insideCount++;
    }
  }

  private double ratio() {
    if (edgeCount < MIN_STEPS || insideCount < MIN_STEPS) {
      return 0;
    }
    double edge = (double) edgeSum / edgeCount;
    double inside = (double) insideSum / insideCount;
    return edge / Math.max(inside, 0.5) - 1;
  }

  /** Integer luma, 0..255, of one row of the box (BT.601 weights in 256ths), and its mask. */
  private static void luma(RgbImage image, Roi roi, int y, int[] out, boolean[] inside) {
    int[] pixels = image.pixels();
    int x0 = roi.box().x();
    int start = y * image.width() + x0;
    for (int i = 0; i < out.length; i++) {
      int p = pixels[start + i];
      out[i] = (77 * (p >> 16 & 0xff) + 150 * (p >> 8 & 0xff) + 29 * (p & 0xff) + 128) >> 8;
      inside[i] = roi.mask() == null || roi.contains(x0 + i, y);
    }
  }
}
