package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import org.junit.jupiter.api.Test;

class ImageDistortionsTest {

  private final RgbImage photo = TestImages.sample("chelsea.png");

  @Test
  void shouldBlurMoreWithLargerSigma() {
    double sharp = meanStep(photo);
    double soft = meanStep(ImageDistortions.gaussianBlur(photo, 1));
    double softer = meanStep(ImageDistortions.gaussianBlur(photo, 3));

    assertThat(soft).isLessThan(sharp * 0.7);
    assertThat(softer).isLessThan(soft * 0.6);
  }

  @Test
  void shouldAddNoiseOfTheRequestedSigmaReproducibly() {
    RgbImage grey = TestImages.uniform(200, 200, 0x808080);

    RgbImage noisy = ImageDistortions.gaussianNoise(grey, 10, 42);

    assertThat(noisy.pixels()).isEqualTo(ImageDistortions.gaussianNoise(grey, 10, 42).pixels());
    assertThat(noisy.pixels()).isNotEqualTo(ImageDistortions.gaussianNoise(grey, 10, 43).pixels());
    assertThat(redDeviation(noisy, 128)).isCloseTo(10, within(0.5));
  }

  @Test
  void shouldLoseDetailThroughStrongJpeg() {
    RgbImage compressed = ImageDistortions.jpeg(photo, 5);

    assertThat(compressed.width()).isEqualTo(photo.width());
    assertThat(compressed.pixels()).isNotEqualTo(photo.pixels());
    assertThat(meanStep(compressed)).isLessThan(meanStep(photo));
  }

  @Test
  void shouldBrightenAndDarkenByStops() {
    RgbImage grey = TestImages.uniform(4, 4, 0x404040);

    int brighter = ImageDistortions.exposure(grey, 1).rgb(0, 0) & 0xff;
    int darker = ImageDistortions.exposure(grey, -1).rgb(0, 0) & 0xff;

    // One stop is twice the light: 64 -> 255 * (2 * (64/255)^2.2)^(1/2.2) = 88.
    assertThat(brighter).isEqualTo(88);
    assertThat(darker).isEqualTo(47);
  }

  @Test
  void shouldFlattenContrastTowardTheMean() {
    RgbImage flat = ImageDistortions.contrast(photo, 0);

    assertThat(meanStep(flat)).isZero();
  }

  @Test
  void shouldDesaturateToGrey() {
    RgbImage grey = ImageDistortions.desaturate(TestImages.uniform(2, 2, 0xff0000), 1);

    assertThat(grey.rgb(0, 0)).isEqualTo(0x4c4c4c);
  }

  @Test
  void shouldDamageOnlyInsideTheRegion() {
    Roi roi = new Roi("r", "r", RoiOrigin.STATIC, new PixelBox(10, 10, 50, 40), null);

    RgbImage damaged =
        ImageDistortions.within(roi, photo, ImageDistortions.gaussianNoise(photo, 30, 1));

    assertThat(damaged.rgb(5, 5)).isEqualTo(photo.rgb(5, 5));
    assertThat(damaged.rgb(100, 100)).isEqualTo(photo.rgb(100, 100));
    int changed = 0;
    for (int y = 10; y < 50; y++) {
      for (int x = 10; x < 60; x++) {
        changed += damaged.rgb(x, y) != photo.rgb(x, y) ? 1 : 0;
      }
    }
    assertThat(changed).isGreaterThan(50 * 40 * 9 / 10);
  }

  @Test
  void shouldLeaveItsInputAlone() {
    int[] before = photo.pixels().clone();

    ImageDistortions.gaussianBlur(photo, 2);
    ImageDistortions.gaussianNoise(photo, 20, 1);
    ImageDistortions.exposure(photo, 1);

    assertThat(photo.pixels()).isEqualTo(before);
  }

  /** Mean absolute difference of horizontally adjacent green values. */
  private static double meanStep(RgbImage image) {
    long sum = 0;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 1; x < image.width(); x++) {
        sum += Math.abs((image.rgb(x, y) >> 8 & 0xff) - (image.rgb(x - 1, y) >> 8 & 0xff));
      }
    }
    return (double) sum / (image.height() * (image.width() - 1));
  }

  private static double redDeviation(RgbImage image, int mean) {
    double sum = 0;
    for (int p : image.pixels()) {
      double d = (p >> 16 & 0xff) - mean;
      sum += d * d;
    }
    return Math.sqrt(sum / image.pixelCount());
  }
}
