package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LetterboxTest {

  @Test
  void shouldFitAWideFrameAcrossTheInputCentredVertically() {
    Letterbox box = Letterbox.fit(1920, 1080, 416);

    assertThat(box.width()).isEqualTo(416);
    assertThat(box.height()).isEqualTo(234);
    assertThat(box.left()).isZero();
    assertThat(box.top()).isEqualTo(91);
  }

  @Test
  void shouldFitATallImageCentredHorizontally() {
    Letterbox box = Letterbox.fit(300, 600, 256);

    assertThat(box.width()).isEqualTo(128);
    assertThat(box.height()).isEqualTo(256);
    assertThat(box.left()).isEqualTo(64);
  }

  @Test
  void shouldMapBoxesInTheInputBackToTheImage() {
    Letterbox box = Letterbox.fit(1920, 1080, 416);
    Detection inInput = new Detection("car", 0.5, 104, 91 + 117, 208, 91 + 234);

    Detection inImage = box.toImage(inInput);

    assertThat(new double[] {inImage.x0(), inImage.y0(), inImage.x1(), inImage.y1()})
        .containsExactly(new double[] {480, 540, 960, 1080}, within(1e-9));
    assertThat(inImage.confidence()).isEqualTo(0.5);
  }

  @Test
  void shouldClipBoxesThatReachIntoTheBlackBands() {
    Letterbox box = Letterbox.fit(1920, 1080, 416);

    Detection inImage = box.toImage(new Detection("person", 0.9, 0, 0, 416, 416));

    assertThat(new double[] {inImage.x0(), inImage.y0(), inImage.x1(), inImage.y1()})
        .containsExactly(new double[] {0, 0, 1920, 1080}, within(1e-9));
  }
}
