package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.image.RgbImage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SquashResizeTest {

  static Stream<OpenCvFixtures.Case> areaCases() {
    return OpenCvFixtures.cases("image").stream().filter(c -> c.interpolation().equals("area"));
  }

  static Stream<OpenCvFixtures.Case> linearCases() {
    return OpenCvFixtures.cases("image").stream().filter(c -> c.interpolation().equals("linear"));
  }

  @ParameterizedTest
  @MethodSource("areaCases")
  void shouldShrinkExactlyAsOpenCvInterArea(OpenCvFixtures.Case c) {
    RgbImage image = OpenCvFixtures.image(c.width(), c.height());

    byte[] ours = SquashResize.rgb(image, c.outWidth(), c.outHeight());

    byte[] opencv = OpenCvFixtures.bytes(c);
    assertThat(differing(ours, opencv)).as(c + ": bytes that differ from OpenCV").isZero();
  }

  @ParameterizedTest
  @MethodSource("linearCases")
  void shouldEnlargeBilinearlyWithinOneLevelOfOpenCv(OpenCvFixtures.Case c) {
    RgbImage image = OpenCvFixtures.image(c.width(), c.height());

    byte[] ours = SquashResize.rgb(image, c.outWidth(), c.outHeight());

    byte[] opencv = OpenCvFixtures.bytes(c);
    int worst = 0;
    for (int i = 0; i < ours.length; i++) {
      worst = Math.max(worst, Math.abs((ours[i] & 0xff) - (opencv[i] & 0xff)));
    }
    assertThat(worst).as(c + ": largest difference from OpenCV").isLessThanOrEqualTo(1);
    assertThat(differing(ours, opencv))
        .as(c + ": bytes that differ from OpenCV")
        .isLessThan(ours.length / 100);
  }

  private static int differing(byte[] a, byte[] b) {
    assertThat(a).hasSameSizeAs(b);
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] == b[i] ? 0 : 1;
    }
    return n;
  }
}
