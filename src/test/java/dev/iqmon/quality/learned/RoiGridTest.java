package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoiGridTest {

  static List<OpenCvFixtures.Case> maskCases() {
    return OpenCvFixtures.cases("mask");
  }

  @ParameterizedTest
  @MethodSource("maskCases")
  void shouldPoolAMaskAsOpenCvAreaResizesIt(OpenCvFixtures.Case c) {
    Roi roi =
        Roi.ofMask(
            "ellipse", "ellipse", RoiOrigin.EVENT, OpenCvFixtures.ellipse(c.width(), c.height()));

    float[] ours = new RoiGrid(c.outWidth(), c.width(), c.height()).fractions(roi);

    float[] opencv = OpenCvFixtures.floats(c);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).as(c + " cell " + i).isCloseTo(opencv[i], within(1e-5f));
    }
  }

  @Test
  void shouldFillEveryCellForTheWholeImage() {
    float[] cells = new RoiGrid(14, 1920, 1080).fractions(Roi.whole(1920, 1080));

    for (float cell : cells) {
      assertThat(cell).isEqualTo(1f);
    }
  }

  @Test
  void shouldGiveCellsTheShareOfTheirAreaInsideABox() {
    // A 4x4 grid over 40x40: cells of 10x10. The box covers x 5..25, y 0..10.
    Roi box = new Roi("b", "b", RoiOrigin.EVENT, new PixelBox(5, 0, 20, 10), null);

    float[] cells = new RoiGrid(4, 40, 40).fractions(box);

    assertThat(cells)
        .containsExactly(0.5f, 1f, 0.5f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
  }

  @Test
  void shouldSplitAPixelBetweenTheCellsItStraddles() {
    // 3 pixels over 2 cells of 1.5 pixels: the middle pixel is half in each.
    Roi middle = new Roi("m", "m", RoiOrigin.EVENT, new PixelBox(1, 0, 1, 3), null);

    float[] cells = new RoiGrid(2, 3, 3).fractions(middle);

    assertThat(cells).containsExactly(1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f);
  }
}
