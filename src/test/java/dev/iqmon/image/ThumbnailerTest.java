package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ThumbnailerTest {

  private static RgbImage sample() throws Exception {
    try (InputStream in = ThumbnailerTest.class.getResourceAsStream("/samples/astronaut.png")) {
      return new ImageDecoder().decode(in.readAllBytes(), null).image();
    }
  }

  @Test
  void shouldShrinkToTheWidthKeepingTheAspectRatio() throws Exception {
    RgbImage image = sample();
    Thumbnailer.Thumbnail thumb = new Thumbnailer(320, 64 * 1024).of(image);

    assertThat(thumb.width()).isEqualTo(320);
    assertThat(thumb.height()).isEqualTo(Math.round(image.height() * 320.0 / image.width()));
    RgbImage decoded = new ImageDecoder().decode(thumb.jpeg(), "image/jpeg").image();
    assertThat(decoded.width()).isEqualTo(320);
  }

  @Test
  void shouldStayWithinTheByteBound() throws Exception {
    RgbImage noisy = ImageDistortions.gaussianNoise(sample(), 40, 3);
    Thumbnailer.Thumbnail roomy = new Thumbnailer(320, 200_000).of(noisy);
    Thumbnailer.Thumbnail tight = new Thumbnailer(320, 4096).of(noisy);

    assertThat(roomy.jpeg().length).isGreaterThan(4096);
    assertThat(tight.jpeg().length).isLessThanOrEqualTo(4096);
    assertThat(tight.width()).isLessThan(320);
  }

  @Test
  void shouldNotEnlargeSmallImages() {
    RgbImage tiny = new RgbImage(100, 50, new int[100 * 50]);
    assertThat(new Thumbnailer(320, 8192).of(tiny).width()).isEqualTo(100);
  }

  @Test
  void shouldAverageTheAreaItShrinks() {
    int[] px = {0xff0000, 0x0000ff, 0xff0000, 0x0000ff};
    RgbImage shrunk = Thumbnailer.shrink(new RgbImage(2, 2, px), 1);
    assertThat(shrunk.pixels()[0]).isEqualTo(0x7f007f);
  }
}
