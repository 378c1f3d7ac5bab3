package dev.iqmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameSignatureTest {

  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldReadBackItsOwnBytes(String sample) {
    FrameSignature signature = FrameSignature.of(TestImages.sample(sample));
    byte[] bytes = signature.toBytes();
    assertThat(bytes).hasSize(2500);
    assertThat(FrameSignature.fromBytes(bytes).toBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldTellAMovedViewFromNightfallAndPassersBy(String sample) {
    RgbImage photo = TestImages.sample(sample);
    SceneView view = SceneView.of(FrameSignature.of(SceneImages.lit(photo, 0, 1)), 0);
    RgbImage other = TestImages.sample(sample.equals("coffee.png") ? "rocket.jpg" : "coffee.png");

    double night = view.distance(FrameSignature.of(SceneImages.lit(photo, -3, 2)));
    double passerBy =
        view.distance(FrameSignature.of(SceneImages.pasted(photo, other, 0.4, 0.5, 0.3, 0.3)));
    double turned = view.distance(FrameSignature.of(SceneImages.shifted(photo, 0.2, 0.1)));
    double rotated = view.distance(FrameSignature.of(SceneImages.rotated(photo, 15)));

    assertThat(night).isLessThan(0.2);
    assertThat(passerBy).isLessThan(0.2);
    assertThat(turned).isGreaterThanOrEqualTo(0.3);
    assertThat(rotated).isGreaterThanOrEqualTo(0.25);
  }

  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldFindTheTextureACoverTakesAndNoneThatBlurOrDarkTake(String sample) {
    RgbImage photo = TestImages.sample(sample);
    SceneView view = SceneView.of(FrameSignature.of(photo), 0);
    int textured = view.texturedCells();

    double covered = lostShare(view, SceneImages.covered(photo, 0.7, 0x303030), textured);
    double blurred = lostShare(view, ImageDistortions.gaussianBlur(photo, 4), textured);
    double dark = lostShare(view, SceneImages.lit(photo, -3, 3), textured);

    assertThat(covered).isGreaterThanOrEqualTo(0.5);
    assertThat(blurred).isLessThan(0.25);
    assertThat(dark).isLessThan(0.1);
  }

  private static double lostShare(SceneView view, RgbImage frame, int textured) {
    boolean[] lost = view.lostTexture(FrameSignature.of(frame), 0.25);
    int n = 0;
    for (boolean cell : lost) {
      n += cell ? 1 : 0;
    }
    return n / (double) textured;
  }

  @ParameterizedTest
  @ValueSource(ints = {0x000000, 0x0000aa, 0x808080})
  void shouldSeeNoPictureInAUniformFrame(int rgb) {
    FrameSignature frame =
        FrameSignature.of(ImageDistortions.gaussianNoise(SceneImages.uniform(640, 480, rgb), 1, 4));
    assertThat(SignalCheck.noPicture(frame, 4)).get().asString().contains("uniform");
  }

  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldSeeAPictureInEveryPhotoEvenAtNight(String sample) {
    RgbImage photo = TestImages.sample(sample);
    assertThat(SignalCheck.noPicture(FrameSignature.of(photo), 4)).isEmpty();
    assertThat(SignalCheck.noPicture(FrameSignature.of(SceneImages.lit(photo, -3, 5)), 4))
        .isEmpty();
  }

  @org.junit.jupiter.api.Test
  void shouldNameTheColourOfAUniformFrameAndRecogniseColourBars() {
    assertThat(SignalCheck.noPicture(FrameSignature.of(SceneImages.uniform(320, 240, 0)), 4))
        .get()
        .asString()
        .startsWith("a uniform black frame");
    assertThat(SignalCheck.noPicture(FrameSignature.of(SceneImages.uniform(320, 240, 0x1030c0)), 4))
        .get()
        .asString()
        .startsWith("a uniform blue frame");
    assertThat(SignalCheck.noPicture(FrameSignature.of(SceneImages.colourBars(720, 576)), 4))
        .get()
        .asString()
        .isEqualTo("7 vertical colour bars (a test pattern)");
  }

  @org.junit.jupiter.api.Test
  void shouldSeeABlankFrameUnderACaption() {
    RgbImage blank = SceneImages.uniform(640, 480, 0x000000);
    RgbImage captioned = SceneImages.covered(blank, 0, 0);
    for (int y = 440; y < 470; y++) {
      for (int x = 20; x < 200; x += 2) {
        captioned.pixels()[y * 640 + x] = 0xffffff;
      }
    }
    assertThat(SignalCheck.noPicture(FrameSignature.of(captioned), 4))
        .get()
        .asString()
        .startsWith("a uniform black frame");
  }

  @org.junit.jupiter.api.Test
  void shouldRefuseBytesOfAnotherVersionOrSize() {
    byte[] bytes = FrameSignature.of(TestImages.sample("coffee.png")).toBytes();
    bytes[0] = 9;
    assertThatThrownBy(() -> FrameSignature.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 1");
    assertThatThrownBy(() -> FrameSignature.fromBytes(Arrays.copyOf(bytes, 10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FrameSignature.of(SceneImages.uniform(8, 8, 0))).isNull();
  }
}
