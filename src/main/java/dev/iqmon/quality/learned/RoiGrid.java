package dev.iqmon.quality.learned;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Rasterises a region onto the model's {@code cells x cells} grid laid over the whole image: each
 * cell gets the fraction of its area that lies inside the region. This is the region's image-sized
 * binary mask area-resized to the grid, the model contract's {@code roi_masks} input.
 */
public final class RoiGrid {

  private final int cells;
  private final int imageWidth;
  private final int imageHeight;
  private final AxisCells columns;
  private final AxisCells rows;

  /** A grid of {@code cells x cells} over an image of {@code imageWidth x imageHeight}. */
  public RoiGrid(int cells, int imageWidth, int imageHeight) {
    if (cells < 1) {
      throw new IllegalArgumentException("a grid needs at least one cell, got " + cells);
    }
    this.cells = cells;
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.columns = new AxisCells(imageWidth, cells);
    this.rows = new AxisCells(imageHeight, cells);
  }

  /** The fraction inside the region of each cell, row by row, written into {@code out}. */
  public void fractions(Roi roi, float[] out, int offset) {
    double[] grid = new double[cells * cells];
    if (roi.mask() == null) {
      box(roi.box(), grid);
    } else {
      mask(roi.mask(), grid);
    }
    for (int i = 0; i < grid.length; i++) {
      out[offset + i] = (float) Math.min(1.0, grid[i]);
    }
  }

  /** The fraction inside the region of each cell, row by row. */
  public float[] fractions(Roi roi) {
    float[] out = new float[cells * cells];
    fractions(roi, out, 0);
    return out;
  }

  private void box(PixelBox box, double[] grid) {
    double[] across = new double[cells];
    double[] down = new double[cells];
    for (int x = Math.max(0, box.x()); x < Math.min(imageWidth, box.right()); x++) {
      columns.spread(x, 1.0, across);
    }
    for (int y = Math.max(0, box.y()); y < Math.min(imageHeight, box.bottom()); y++) {
      rows.spread(y, 1.0, down);
    }
    for (int cy = 0; cy < cells; cy++) {
      for (int cx = 0; cx < cells; cx++) {
        grid[cy * cells + cx] = down[cy] * across[cx];
      }
    }
  }

  private void mask(RegionMask mask, double[] grid) {
    PixelBox b = mask.bounds();
    BitSet bits = mask.bits();
    double[] across = new double[cells];
    double[] down = new double[cells];
    for (int y = 0; y < b.height(); y++) {
      int rowStart = y * b.width();
      int bit = bits.nextSetBit(rowStart);
      if (bit < 0 || bit >= rowStart + b.width()) {
        continue;
      }
      Arrays.fill(across, 0);
      for (; bit >= 0 && bit < rowStart + b.width(); bit = bits.nextSetBit(bit + 1)) {
        columns.spread(b.x() + bit - rowStart, 1.0, across);
      }
      Arrays.fill(down, 0);
      rows.spread(b.y() + y, 1.0, down);
      for (int cy = 0; cy < cells; cy++) {
        if (down[cy] != 0) {
          for (int cx = 0; cx < cells; cx++) {
            grid[cy * cells + cx] += down[cy] * across[cx];
          }
        }
      }
    }
  }

  /** Which cells each pixel of one axis overlaps, and by what share of the cell's length. */
  private static final class AxisCells {
    private final int[] first;
    private final int[] count;
    private final double[][] shares;

    AxisCells(int pixels, int cells) {
      first = new int[pixels];
      count = new int[pixels];
      shares = new double[pixels][];
      double cellLength = (double) pixels / cells;
      for (int p = 0; p < pixels; p++) {
        int from = (int) Math.floor(p / cellLength);
        int to = Math.min(cells - 1, (int) Math.ceil((p + 1) / cellLength) - 1);
        first[p] = from;
        count[p] = to - from + 1;
        shares[p] = new double[count[p]];
        for (int c = from; c <= to; c++) {
          double overlap =
              Math.min(p + 1.0, (c + 1) * cellLength) - Math.max((double) p, c * cellLength);
          shares[p][c - from] = Math.max(0, overlap) / cellLength;
        }
      }
    }

    /** Adds {@code value} times the pixel's share of each cell it overlaps to {@code out}. */
    void spread(int pixel, double value, double[] out) {
      double[] s = shares[pixel];
      for (int i = 0; i < s.length; i++) {
        out[first[pixel] + i] += value * s[i];
      }
    }
  }
}
