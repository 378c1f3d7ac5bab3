package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.quality.Distortion;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegradedRegionsTest {

  private static final int GRID = 4;
  private static final List<Distortion> CLASSES = List.of(Distortion.values());
  private static final DegradedRegionSettings SETTINGS = new DegradedRegionSettings(0.5, 0.1, 4);

  /** A dense map: every cell clean unless painted. */
  private static final class DenseMap {
    final float[] logits = new float[(CLASSES.size() + 1) * GRID * GRID];
    final float[] severity = new float[GRID * GRID];

    DenseMap() {
      for (int cell = 0; cell < GRID * GRID; cell++) {
        logits[cell] = 5; // class 0, clean
      }
    }

    DenseMap paint(Distortion type, float sev, int... cells) {
      for (int cell : cells) {
        logits[(type.ordinal() + 1) * GRID * GRID + cell] = 9;
        severity[cell] = sev;
      }
      return this;
    }

    /** The regions over an image of {@code width x height} whose GRID x GRID cells tile it. */
    List<Roi> find(DegradedRegionSettings settings, int width, int height) {
      CellGrid grid =
          new CellGrid(width, height, GRID, GRID, (double) width / GRID, (double) height / GRID);
      return find(settings, grid);
    }

    List<Roi> find(DegradedRegionSettings settings, CellGrid grid) {
      return new DegradedRegions(settings, CLASSES)
          .find(FloatBuffer.wrap(logits), FloatBuffer.wrap(severity), grid);
    }
  }

  @Test
  void shouldFindNoRegionInACleanImage() {
    assertThat(new DenseMap().find(SETTINGS, 40, 40)).isEmpty();
  }

  @Test
  void shouldTurnConnectedDamagedCellsIntoOneRegionOfTheirPixels() {
    // Cells 0 and 1 (top row, left) are blurred: pixels x 0..19, y 0..9 of a 40x40 image.
    List<Roi> rois = new DenseMap().paint(Distortion.BLUR, 0.9f, 0, 1).find(SETTINGS, 40, 40);

    assertThat(rois)
        .singleElement()
        .satisfies(
            roi -> {
              assertThat(roi.id()).isEqualTo("degraded-1");
              assertThat(roi.label()).isEqualTo("blur");
              assertThat(roi.source()).isEqualTo(RoiOrigin.DEGRADED);
              assertThat(roi.box()).isEqualTo(new PixelBox(0, 0, 20, 10));
              assertThat(roi.area()).isEqualTo(200);
            });
  }

  @Test
  void shouldKeepDifferentDistortionsAndDisconnectedCellsApart() {
    DenseMap map =
        new DenseMap()
            .paint(Distortion.BLUR, 0.9f, 0, 1, 4, 5) // a 2x2 block, top left
            .paint(Distortion.NOISE, 0.9f, 2, 3) // beside it, another kind
            .paint(Distortion.BLUR, 0.9f, 15); // a corner cell, not touching

    List<Roi> rois = map.find(new DegradedRegionSettings(0.5, 1 / 16.0, 4), 40, 40);

    assertThat(rois).extracting(Roi::id).containsExactly("degraded-1", "degraded-2", "degraded-3");
    assertThat(rois).extracting(Roi::label).containsExactly("blur", "noise", "blur");
    assertThat(rois).extracting(Roi::area).containsExactly(400L, 200L, 100L);
  }

  @Test
  void shouldIgnoreCellsAtOrBelowTheSeverityThreshold() {
    List<Roi> rois = new DenseMap().paint(Distortion.BLUR, 0.5f, 0, 1, 2, 3).find(SETTINGS, 40, 40);

    assertThat(rois).isEmpty();
  }

  @Test
  void shouldDropRegionsSmallerThanTheMinimumArea() {
    // One cell is 1/16 of the image; the minimum is 1/10.
    List<Roi> rois = new DenseMap().paint(Distortion.NOISE, 0.9f, 5).find(SETTINGS, 40, 40);

    assertThat(rois).isEmpty();
  }

  @Test
  void shouldKeepOnlyTheLargestRegionsUpToTheCap() {
    DenseMap map =
        new DenseMap()
            .paint(Distortion.BLUR, 0.9f, 0, 1, 2)
            .paint(Distortion.HAZE, 0.9f, 8, 9, 10, 11)
            .paint(Distortion.NOISE, 0.9f, 15, 14);

    List<Roi> rois = map.find(new DegradedRegionSettings(0.5, 0.1, 2), 40, 40);

    assertThat(rois).extracting(Roi::label).containsExactly("haze", "blur");
  }

  @Test
  void shouldMapCellsOntoImagesOfAnySize() {
    // 4 cells over 10 pixels: pixel centres 0.5..9.5 fall in cells 0,0,1,1,1,2,2,3,3,3.
    List<Roi> rois = new DenseMap().paint(Distortion.BLUR, 0.9f, 1, 5, 9, 13).find(SETTINGS, 10, 7);

    assertThat(rois)
        .singleElement()
        .satisfies(
            roi -> {
              assertThat(roi.box()).isEqualTo(new PixelBox(2, 0, 3, 7));
              assertThat(roi.area()).isEqualTo(21);
            });
  }

  @Test
  void shouldGiveThePixelsPastTheLastWholeCellToTheNearestCell() {
    // 45 x 43 pixels, 4 x 4 cells of 10 pixels: columns 40..44 and rows 40..42 are in no cell.
    CellGrid grid = new CellGrid(45, 43, GRID, GRID, 10, 10);

    List<Roi> rois =
        new DenseMap()
            .paint(Distortion.BLUR, 0.9f, 15)
            .find(new DegradedRegionSettings(0.5, 1 / 16.0, 4), grid);

    assertThat(rois)
        .singleElement()
        .satisfies(roi -> assertThat(roi.box()).isEqualTo(new PixelBox(30, 30, 15, 13)));
  }

  @Test
  void shouldFindNothingWhenTurnedOff() {
    DenseMap map = new DenseMap();
    Arrays.fill(map.severity, 1f);
    map.paint(Distortion.BLUR, 1f, 0, 1, 2, 3, 4, 5, 6, 7);

    assertThat(map.find(DegradedRegionSettings.OFF, 40, 40)).isEmpty();
  }
}
