package dev.iqmon.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFrameTest {

  @ParameterizedTest
  @CsvSource({
    "1920, 1080, 1024, 1024, 576",
    "1080, 1920, 1024, 576, 1024",
    "1919, 1081, 1024, 1024, 577",
    "1081, 1919, 1024, 577, 1024",
    "333, 17, 1024, 1024, 52",
    "17, 333, 1024, 52, 1024",
    "1, 1, 1024, 1024, 1024",
    "5000, 3, 1024, 1024, 1",
  })
  void shouldResizeTheLongestSideToTheModelSideAndRoundTheOther(
      int w, int h, int side, int resizedW, int resizedH) {
    ModelFrame frame = new ModelFrame(w, h, side);

    assertThat(frame.resizedWidth()).isEqualTo(resizedW);
    assertThat(frame.resizedHeight()).isEqualTo(resizedH);
  }

  @ParameterizedTest
  @CsvSource({"1919, 1081", "1081, 1919", "333, 17", "17, 333", "1023, 1025", "641, 479"})
  void shouldMapPointsAndBoxesToTheModelAndBackExactly(int w, int h) {
    ModelFrame frame = new ModelFrame(w, h, 1024);
    Random random = new Random(w * 31L + h);
    for (int i = 0; i < 1000; i++) {
      double x = random.nextDouble() * w;
      double y = random.nextDouble() * h;
      double[] model = frame.toModel(x, y);
      double[] back = frame.toImage(model[0], model[1]);

      assertThat(model[0]).isBetween(0.0, frame.resizedWidth() + 1e-9);
      assertThat(model[1]).isBetween(0.0, frame.resizedHeight() + 1e-9);
      assertThat(back[0]).isCloseTo(x, within(1e-9));
      assertThat(back[1]).isCloseTo(y, within(1e-9));
    }
    double[] box = {1, 2, w - 1, h};
    assertThat(frame.boxToImage(frame.boxToModel(box))).containsExactly(box, within(1e-9));
  }

  @ParameterizedTest
  @CsvSource({"1919, 1081", "1081, 1919", "333, 17", "17, 333", "1023, 1025", "641, 479"})
  void shouldLandWithinOnePixelAfterRoundingToModelPixels(int w, int h) {
    ModelFrame frame = new ModelFrame(w, h, 1024);
    for (int x = 0; x <= w; x += Math.max(1, w / 97)) {
      for (int y = 0; y <= h; y += Math.max(1, h / 89)) {
        double[] model = frame.toModel(x, y);
        double[] back = frame.toImage(Math.round(model[0]), Math.round(model[1]));

        assertThat(back[0]).isCloseTo(x, within(1.0));
        assertThat(back[1]).isCloseTo(y, within(1.0));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1919, 1081", "1081, 1919", "333, 17", "17, 333"})
  void shouldPutTheImageCornerOnTheResizedCorner(int w, int h) {
    ModelFrame frame = new ModelFrame(w, h, 1024);

    assertThat(frame.toModel(w, h))
        .containsExactly(new double[] {frame.resizedWidth(), frame.resizedHeight()}, within(1e-9));
    assertThat(Math.max(frame.resizedWidth(), frame.resizedHeight())).isEqualTo(1024);
  }
}
