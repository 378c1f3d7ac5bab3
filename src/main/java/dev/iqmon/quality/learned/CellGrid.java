package dev.iqmon.quality.learned;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import java.util.Arrays;

/**
 * The encoder's cells laid over an image of {@code width x height} pixels: {@code columns x rows}
 * cells from the top left, each {@code cellWidth x cellHeight} pixels of the image. The encoder
 * sees the image at some size ({@link EncoderInput}) and gives one cell per whole {@code cell x
 * cell} block of it; at native size a cell is exactly that block, and pixels past the last whole
 * cell (the last {@code width % cell} columns and {@code height % cell} rows) lie in no cell. When
 * the image was resized for the encoder, a cell covers the part of the original that its block came
 * from, whole pixels or not.
 */
public record CellGrid(
    int width, int height, int columns, int rows, double cellWidth, double cellHeight) {

  public CellGrid {
    if (width < 1 || height < 1 || columns < 1 || rows < 1) {
      throw new IllegalArgumentException(
          "a cell grid of "
              + columns
              + "x"
              + rows
              + " over "
              + width
              + "x"
              + height
              + " pixels has no cell");
    }
    if (!(cellWidth > 0 && cellHeight > 0)
        || columns * cellWidth > width + 1e-6
        || rows * cellHeight > height + 1e-6) {
      throw new IllegalArgumentException(
          "cells of " + cellWidth + "x" + cellHeight + " do not fit " + width + "x" + height);
    }
  }

  /**
   * The cells of an image of {@code width x height} that the encoder sees at {@code input}, with
   * cells of {@code cell x cell} pixels of the input.
   */
  public static CellGrid of(int width, int height, EncoderInput input, int cell) {
    return new CellGrid(
        width,
        height,
        input.width() / cell,
        input.height() / cell,
        (double) cell * width / input.width(),
        (double) cell * height / input.height());
  }

  public int cells() {
    return columns * rows;
  }

  /** The cells' share of the image's pixels (1 when the cells tile the image). */
  public double coveredShare() {
    return columns * cellWidth * rows * cellHeight / ((double) width * height);
  }

  /** The column of the cell under the centre of pixel column {@code x}, or the nearest one. */
  public int columnOf(int x) {
    return nearest(x, cellWidth, columns);
  }

  /** The row of the cell under the centre of pixel row {@code y}, or the nearest one. */
  public int rowOf(int y) {
    return nearest(y, cellHeight, rows);
  }

  private static int nearest(int pixel, double cellLength, int count) {
    return Math.max(0, Math.min(count - 1, (int) Math.floor((pixel + 0.5) / cellLength)));
  }

  /**
   * How much of each cell lies inside the region (see {@link CellWeights}). A region with no pixel
   * in any cell (it lies wholly in the strip past the last whole cell, or its mask is empty) falls
   * back to the cells nearest its box, each weighted 1, with its own share of the image as its
   * area: the model saw nothing of it, and its nearest cells are the best it has.
   */
  public CellWeights weights(Roi roi) {
    CellWeights inside = RoiCells.of(this, roi);
    return inside.total() > 0 ? inside : nearest(roi);
  }

  private CellWeights nearest(Roi roi) {
    PixelBox box = roi.box();
    int c0 = columnOf(clamp(box.x(), width));
    int c1 = columnOf(clamp(box.right() - 1, width));
    int r0 = rowOf(clamp(box.y(), height));
    int r1 = rowOf(clamp(box.bottom() - 1, height));
    float[] ones = new float[(c1 - c0 + 1) * (r1 - r0 + 1)];
    Arrays.fill(ones, 1f);
    double area = Math.min(1.0, roi.area() / ((double) width * height));
    return new CellWeights(c0, r0, c1 - c0 + 1, r1 - r0 + 1, ones, area);
  }

  private static int clamp(int pixel, int size) {
    return Math.max(0, Math.min(size - 1, pixel));
  }
}
