package dev.iqmon.quality.learned;

/**
 * How much of each cell of a {@link CellGrid} lies inside a region, over the window of cells the
 * region touches: {@code weights} row by row for the {@code columns x rows} cells from cell ({@code
 * column}, {@code row}); every cell outside the window weighs 0. At native size a cell's weight is
 * the number of the region's pixels in it over the cell's {@code cell x cell} pixels, exactly as
 * {@code common.cell_fractions} computes it in training. {@code area} is the head's {@code area}
 * input: the weights' sum over the number of cells. The array is not copied; treat it as read-only.
 */
public record CellWeights(
    int column, int row, int columns, int rows, float[] weights, double area) {

  public CellWeights {
    if (columns < 1 || rows < 1 || weights.length != columns * rows) {
      throw new IllegalArgumentException(
          weights.length + " weights for a window of " + columns + "x" + rows + " cells");
    }
  }

  /** The sum of the weights. */
  public double total() {
    double sum = 0;
    for (float w : weights) {
      sum += w;
    }
    return sum;
  }

  /** Whether every cell of the grid is wholly inside: the region is pooled like the whole image. */
  public boolean coversEveryCell(CellGrid grid) {
    if (column != 0 || row != 0 || columns != grid.columns() || rows != grid.rows()) {
      return false;
    }
    for (float w : weights) {
      if (w != 1f) {
        return false;
      }
    }
    return true;
  }

  /** The weight of every cell of the grid, row by row (cells outside the window 0). */
  public float[] dense(CellGrid grid) {
    float[] all = new float[grid.cells()];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(weights, r * columns, all, (row + r) * grid.columns() + column, columns);
    }
    return all;
  }
}
