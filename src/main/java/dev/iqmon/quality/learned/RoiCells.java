package dev.iqmon.quality.learned;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import java.util.BitSet;

/**
 * The share of each cell inside a box or a mask, visiting only the cells of the region's box (and,
 * for a mask, its set pixels). A pixel is the square {@code [x, x + 1) x [y, y + 1)}; its share of
 * a cell is the area they have in common over the cell's area, so at native size each pixel of a
 * whole cell adds {@code 1 / cell^2} to it and a pixel past the last whole cell adds nothing.
 */
final class RoiCells {

  private RoiCells() {}

  /** The region's weights; the total is 0 when it has no pixel in any cell. */
  static CellWeights of(CellGrid grid, Roi roi) {
    Window w = Window.of(grid, roi.box());
    if (w == null) {
      return new CellWeights(0, 0, 1, 1, new float[1], 0);
    }
    double[] cells = roi.mask() == null ? box(grid, roi.box(), w) : mask(grid, roi.mask(), w);
    float[] weights = new float[cells.length];
    double total = 0;
    for (int i = 0; i < cells.length; i++) {
      weights[i] = (float) Math.min(1.0, cells[i]);
      total += weights[i];
    }
    return new CellWeights(w.column, w.row, w.columns, w.rows, weights, total / grid.cells());
  }

  private static double[] box(CellGrid grid, PixelBox box, Window w) {
    double[] across = new double[w.columns];
    double[] down = new double[w.rows];
    cover(box.x(), box.right(), grid.cellWidth(), w.column, across);
    cover(box.y(), box.bottom(), grid.cellHeight(), w.row, down);
    double[] cells = new double[w.columns * w.rows];
    for (int r = 0; r < w.rows; r++) {
      for (int c = 0; c < w.columns; c++) {
        cells[r * w.columns + c] = down[r] * across[c];
      }
    }
    return cells;
  }

  private static double[] mask(CellGrid grid, RegionMask mask, Window w) {
    PixelBox b = mask.bounds();
    BitSet bits = mask.bits();
    double[] cells = new double[w.columns * w.rows];
    double[] across = new double[w.columns];
    double[] down = new double[w.rows];
    for (int y = Math.max(0, b.y()); y < Math.min(grid.height(), b.bottom()); y++) {
      int rowStart = (y - b.y()) * b.width();
      int bit = bits.nextSetBit(rowStart);
      if (bit < 0 || bit >= rowStart + b.width()) {
        continue;
      }
      java.util.Arrays.fill(across, 0);
      for (; bit >= 0 && bit < rowStart + b.width(); bit = bits.nextSetBit(bit + 1)) {
        int x = b.x() + bit - rowStart;
        if (x >= 0 && x < grid.width()) {
          cover(x, x + 1, grid.cellWidth(), w.column, across);
        }
      }
      java.util.Arrays.fill(down, 0);
      cover(y, y + 1, grid.cellHeight(), w.row, down);
      for (int r = 0; r < w.rows; r++) {
        if (down[r] != 0) {
          for (int c = 0; c < w.columns; c++) {
            cells[r * w.columns + c] += down[r] * across[c];
          }
        }
      }
    }
    return cells;
  }

  /**
   * Adds, for each cell of one axis from {@code first} on, the share of its length that {@code
   * [from, to)} covers, stopping at the end of {@code out} (the last cell of the window).
   */
  private static void cover(int from, int to, double length, int first, double[] out) {
    for (int c = Math.max(first, (int) (from / length)); c - first < out.length; c++) {
      double start = c * length;
      if (start >= to) {
        return;
      }
      double overlap = Math.min(to, start + length) - Math.max(from, start);
      if (overlap > 0) {
        out[c - first] += overlap / length;
      }
    }
  }

  /** The cells a box touches, clipped to the grid; null when it touches none. */
  private record Window(int column, int row, int columns, int rows) {

    static Window of(CellGrid grid, PixelBox box) {
      int c0 = Math.max(0, (int) Math.floor(box.x() / grid.cellWidth()));
      int r0 = Math.max(0, (int) Math.floor(box.y() / grid.cellHeight()));
      int c1 = Math.min(grid.columns(), (int) Math.ceil(box.right() / grid.cellWidth()));
      int r1 = Math.min(grid.rows(), (int) Math.ceil(box.bottom() / grid.cellHeight()));
      return c1 > c0 && r1 > r0 ? new Window(c0, r0, c1 - c0, r1 - r0) : null;
    }
  }
}
