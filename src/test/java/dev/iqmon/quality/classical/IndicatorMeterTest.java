package dev.iqmon.quality.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.roi.Roi;
import org.junit.jupiter.api.Test;

class IndicatorMeterTest {

  private static final double LUMA_OF_CHANNEL_NOISE =
      Math.sqrt(0.299 * 0.299 + 0.587 * 0.587 + 0.114 * 0.114);

  private final IndicatorMeter meter = new IndicatorMeter();

  /** The same scene at two resolutions, built once: the large one takes a while. */
  private static final RgbImage SMALL = TestImages.discs(512, 1);

  private static final RgbImage LARGE = TestImages.discs(2048, 1);

  @Test
  void shouldJudgeSharpnessAtViewingSizeWhateverTheResolution() {
    assertThat(measure(LARGE).sharpness()).isCloseTo(measure(SMALL).sharpness(), within(0.05));
  }

  @Test
  void shouldSeeTheSameBlurAtEveryResolution() {
    double smallBlurred = measure(ImageDistortions.gaussianBlur(SMALL, 2)).sharpness();
    double largeBlurred = measure(ImageDistortions.gaussianBlur(LARGE, 8)).sharpness();

    assertThat(largeBlurred).isCloseTo(smallBlurred, within(0.05));
    assertThat(smallBlurred).isLessThan(measure(SMALL).sharpness() - 0.3);
  }

  @Test
  void shouldReadNoiseAsItLooksAtViewingSize() {
    double smallNoise = measure(ImageDistortions.gaussianNoise(SMALL, 4, 1)).noise();
    double largeNoise = measure(ImageDistortions.gaussianNoise(LARGE, 16, 1)).noise();

    assertThat(largeNoise / smallNoise).isBetween(0.8, 1.25);
  }

  @Test
  void shouldEstimateTheSigmaOfNoiseOnASmoothImage() {
    RgbImage noisy = ImageDistortions.gaussianNoise(TestImages.uniform(400, 300, 0x808080), 10, 5);

    assertThat(measure(noisy).noise()).isCloseTo(10 * LUMA_OF_CHANNEL_NOISE, within(0.5));
  }

  @Test
  void shouldKeepSharpnessWhenOnlyNoiseIsAdded() {
    RgbImage noisy = ImageDistortions.gaussianNoise(SMALL, 20, 2);

    assertThat(measure(noisy).sharpness()).isCloseTo(measure(SMALL).sharpness(), within(0.08));
  }

  @Test
  void shouldFindBlockingInAJpegButNotInItsSource() {
    RgbImage photo = TestImages.sample("astronaut.png");

    assertThat(measure(photo).blockiness()).isLessThan(0.05);
    assertThat(measure(ImageDistortions.jpeg(photo, 10)).blockiness()).isGreaterThan(0.5);
  }

  @Test
  void shouldCountClippedTonesAndTheirSpread() {
    int[] pixels = new int[200 * 100];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i % 200) < 100 ? 0xffffff : 0x000000;
    }

    Indicators tones = measure(new RgbImage(200, 100, pixels));

    assertThat(tones.clippedHighlights()).isCloseTo(0.5, within(0.02));
    assertThat(tones.clippedShadows()).isCloseTo(0.5, within(0.02));
    assertThat(tones.contrast()).isEqualTo(1.0);
    assertThat(tones.brightness()).isCloseTo(0.5, within(0.02));
  }

  @Test
  void shouldFindNoColourInGreyAndMuchInSaturatedColour() {
    assertThat(measure(TestImages.uniform(64, 64, 0x808080)).colorfulness()).isZero();
    assertThat(measure(SMALL).colorfulness()).isGreaterThan(50);
    assertThat(measure(ImageDistortions.desaturate(SMALL, 0.8)).colorfulness())
        .isLessThan(measure(SMALL).colorfulness() * 0.3);
  }

  private Indicators measure(RgbImage image) {
    return meter.measure(image, Roi.whole(image.width(), image.height()));
  }
}
