package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Regions on the encoder's cells: which cells, how much of each, and the means pooled there. */
class CellGridTest {

  private static final int CELL = 16;

  /** The cells of an image the encoder sees at its own size. */
  private static CellGrid nativeGrid(int width, int height) {
    return CellGrid.of(width, height, new EncoderInput(width, height), CELL);
  }

  private static Roi box(int x, int y, int width, int height) {
    return new Roi("b", "b", RoiOrigin.EVENT, new PixelBox(x, y, width, height), null);
  }

  @Test
  void shouldGiveEachCellTheShareOfItsPixelsInsideABox() {
    // 48 x 32: 3 x 2 cells. The box covers x 5..25 (11 pixels of cell 0, 9 of cell 1), y 0..10.
    CellWeights w = nativeGrid(48, 32).weights(box(5, 0, 20, 10));

    assertThat(w.dense(nativeGrid(48, 32))).containsExactly(110 / 256f, 90 / 256f, 0, 0, 0, 0);
    assertThat(w.area()).isCloseTo(200 / 256.0 / 6, within(1e-12));
    assertThat(List.of(w.column(), w.row(), w.columns(), w.rows()))
        .as("the window holds only the cells the box touches")
        .containsExactly(0, 0, 2, 1);
  }

  @Test
  void shouldCountAMasksPixelsInEachCell() {
    BitSet bits = new BitSet();
    bits.set(0); // (15, 15): cell 0
    bits.set(1); // (16, 15): cell 1
    bits.set(2 * 3 + 1); // (16, 17): cell 4
    Roi mask =
        Roi.ofMask("m", "m", RoiOrigin.EVENT, new RegionMask(new PixelBox(15, 15, 3, 3), bits));

    float[] cells = nativeGrid(48, 32).weights(mask).dense(nativeGrid(48, 32));

    assertThat(cells).containsExactly(1 / 256f, 1 / 256f, 0, 0, 1 / 256f, 0);
  }

  @Test
  void shouldLeaveOutPixelsPastTheLastWholeCell() {
    // 40 x 20: 2 x 1 cells over x 0..31, y 0..15. The box x 30..39, y 0..19 keeps 2 x 16 pixels.
    CellGrid grid = nativeGrid(40, 20);

    CellWeights w = grid.weights(box(30, 0, 10, 20));

    assertThat(w.dense(grid)).containsExactly(0, 32 / 256f);
    assertThat(grid.weights(Roi.whole(40, 20)).dense(grid)).containsExactly(1, 1);
    assertThat(grid.weights(Roi.whole(40, 20)).area()).isEqualTo(1);
  }

  @Test
  void shouldPoolARegionWhollyPastTheLastWholeCellFromItsNearestCells() {
    CellGrid grid = nativeGrid(40, 20);

    CellWeights w = grid.weights(box(33, 2, 7, 18));

    assertThat(w.dense(grid)).containsExactly(0, 1);
    assertThat(w.area()).as("its own share of the image").isCloseTo(7 * 18 / 800.0, within(1e-12));
  }

  @Test
  void shouldPoolAnEmptyMaskFromTheCellsUnderItsBox() {
    Roi empty =
        Roi.ofMask(
            "e", "e", RoiOrigin.EVENT, new RegionMask(new PixelBox(20, 4, 8, 8), new BitSet()));
    CellGrid grid = nativeGrid(48, 32);

    CellWeights w = grid.weights(empty);

    assertThat(w.dense(grid)).containsExactly(0, 1, 0, 0, 0, 0);
    assertThat(w.area()).isZero();
  }

  @Test
  void shouldWeighBoxesAndMasksExactlyAsCountingTheirPixelsPerCell() {
    SplittableRandom random = new SplittableRandom(7);
    int width = 70;
    int height = 53;
    CellGrid grid = nativeGrid(width, height);
    for (int trial = 0; trial < 200; trial++) {
      int x = random.nextInt(-5, width);
      int y = random.nextInt(-5, height);
      PixelBox bounds =
          new PixelBox(x, y, random.nextInt(1, width - Math.max(0, x) + 6), random.nextInt(1, 30));
      Roi roi = trial % 2 == 0 ? box(x, y, bounds.width(), bounds.height()) : blob(bounds, random);
      if (counted(grid, roi)[grid.cells()] == 0) {
        continue; // no pixel in a cell: the fallback, tested above
      }

      float[] expected = Arrays.copyOf(counted(grid, roi), grid.cells());
      assertThat(grid.weights(roi).dense(grid))
          .as("trial %d, %s", trial, roi)
          .containsExactly(expected);
    }
  }

  /** The reference: each pixel of the region in a whole cell adds 1/256 to it; last: the total. */
  private static float[] counted(CellGrid grid, Roi roi) {
    float[] cells = new float[grid.cells() + 1];
    for (int y = 0; y < grid.rows() * CELL; y++) {
      for (int x = 0; x < grid.columns() * CELL; x++) {
        if (roi.contains(x, y)) {
          cells[y / CELL * grid.columns() + x / CELL] += 1 / 256f;
          cells[grid.cells()] += 1;
        }
      }
    }
    return cells;
  }

  private static Roi blob(PixelBox bounds, SplittableRandom random) {
    BitSet bits = new BitSet();
    for (int i = 0; i < bounds.width() * bounds.height(); i++) {
      if (random.nextInt(3) > 0) {
        bits.set(i);
      }
    }
    return Roi.ofMask("m", "m", RoiOrigin.EVENT, new RegionMask(bounds, bits));
  }

  static List<OpenCvFixtures.Case> maskCases() {
    return OpenCvFixtures.cases("mask");
  }

  /**
   * With cells that are not whole pixels (a resized frame), a mask's weights are its area resize.
   */
  @ParameterizedTest
  @MethodSource("maskCases")
  void shouldWeighFractionalCellsAsOpenCvAreaResizesTheMask(OpenCvFixtures.Case c) {
    Roi roi =
        Roi.ofMask(
            "ellipse", "ellipse", RoiOrigin.EVENT, OpenCvFixtures.ellipse(c.width(), c.height()));
    CellGrid grid =
        new CellGrid(
            c.width(),
            c.height(),
            c.outWidth(),
            c.outHeight(),
            (double) c.width() / c.outWidth(),
            (double) c.height() / c.outHeight());

    float[] ours = grid.weights(roi).dense(grid);

    float[] opencv = OpenCvFixtures.floats(c);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).as(c + " cell " + i).isCloseTo(opencv[i], within(1e-5f));
    }
  }

  @Test
  void shouldMapCellsOfAShrunkFrameBackOntoTheImage() {
    // 1000 x 500 seen at 500 x 250: 31 x 15 cells of 32 x 32 image pixels.
    CellGrid grid = CellGrid.of(1000, 500, new EncoderInput(500, 250), CELL);

    assertThat(List.of(grid.columns(), grid.rows())).containsExactly(31, 15);
    assertThat(grid.cellWidth()).isEqualTo(32.0);
    assertThat(grid.weights(box(0, 0, 48, 32)).dense(grid)[1]).isEqualTo(0.5f);
    assertThat(grid.columnOf(31)).isZero();
    assertThat(grid.columnOf(32)).isEqualTo(1);
    assertThat(grid.columnOf(999)).as("past the last whole cell: the nearest").isEqualTo(30);
  }

  @Test
  void shouldAverageEveryCellAndWeighTheCellsUnderARegion() {
    // 2 channels over 3 x 2 cells: channel 0 is the cell's index, channel 1 is 10 everywhere.
    CellGrid grid = nativeGrid(48, 32);
    float[] cells = {0, 1, 2, 3, 4, 5, 10, 10, 10, 10, 10, 10};
    float[] mean = new float[2];
    float[] local = new float[4];
    CellPooling pooling = new CellPooling(withOffset(cells, 3), 3, 2, grid);

    pooling.mean(mean, 0);
    // Cell 1 wholly, cell 4 a quarter: (1 * 1 + 0.25 * 4) / 1.25.
    pooling.weightedMean(grid.weights(box(16, 0, 16, 16)), local, 0);
    pooling.weightedMean(grid.weights(box(16, 0, 16, 20)), local, 2);

    assertThat(mean).containsExactly(2.5f, 10f);
    assertThat(local[0]).isEqualTo(1f);
    assertThat(local[2]).isCloseTo((1 + 0.25f * 4) / 1.25f, within(1e-6f));
    assertThat(local[3]).isEqualTo(10f);
  }

  /** The cells behind {@code offset} floats of another image, as in a batch. */
  private static FloatBuffer withOffset(float[] cells, int offset) {
    float[] all = new float[offset + cells.length];
    System.arraycopy(cells, 0, all, offset, cells.length);
    return FloatBuffer.wrap(all);
  }
}
