package dev.iqmon.alerts;

/**
 * A region of a frame as the cells of the {@link FrameSignature} grid it covers, with the frame's
 * size in pixels, so that it can be drawn over the image.
 */
public record CellMask(int columns, int rows, boolean[] cells, int imageWidth, int imageHeight) {

  public CellMask {
    if (cells.length != columns * rows) {
      throw new IllegalArgumentException(
          "a mask of " + columns + "x" + rows + " needs as many cells");
    }
    cells = cells.clone();
  }

  /** Whether the pixel (x, y) of the frame falls in a cell of the mask. */
  public boolean contains(int x, int y) {
    int col = (int) ((long) x * columns / imageWidth);
    int row = (int) ((long) y * rows / imageHeight);
    return cells[row * columns + col];
  }

  /** How many cells the mask covers. */
  public int count() {
    int n = 0;
    for (boolean cell : cells) {
      n += cell ? 1 : 0;
    }
    return n;
  }
}
