package dev.iqmon.quality.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionDamage;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ClassicalModelTest {

  private final ClassicalModel model = new ClassicalModel();
  private final RgbImage photo = TestImages.sample("astronaut.png");

  @Test
  void shouldNameItselfClassicalOnJava() {
    assertThat(model.info().id()).isEqualTo("classical");
    assertThat(model.info().provider()).isEqualTo("java");
    assertThat(model.info().version()).isNotBlank();
  }

  @Test
  void shouldAnswerEveryJobAndRegionInOrder() {
    RgbImage other = TestImages.sample("coffee.png");
    Roi left = box("left", 0, 0, 200, 400);
    List<ImageJob> jobs =
        List.of(
            new ImageJob(photo, List.of(whole(photo), left)),
            new ImageJob(other, List.of(whole(other))));

    List<ImageResult> results = model.score(jobs);

    assertThat(results).hasSize(2);
    assertThat(results.get(0).regions())
        .extracting(r -> r.roi().id())
        .containsExactly("whole", "left");
    assertThat(results.get(1).regions()).hasSize(1);
  }

  @Test
  void shouldReportLevelsWhoseScoreIsTheCombinedScore() {
    RegionQuality quality = model.quality(photo, whole(photo));
    Indicators indicators = new IndicatorMeter().measure(photo, whole(photo));

    assertThat(quality.score()).isCloseTo(ScoreFormula.assess(indicators).score(), within(1e-6));
  }

  @Test
  void shouldExplainWithEveryIndicatorAndEveryDistortionType() {
    RegionQuality quality = model.quality(photo, whole(photo));

    assertThat(quality.indicators())
        .containsOnlyKeys(
            "sharpness",
            "noise",
            "blockiness",
            "clipped_highlights",
            "clipped_shadows",
            "contrast",
            "colorfulness",
            "brightness");
    assertThat(quality.distortions()).containsOnlyKeys(Distortion.values());
    assertThat(quality.distortions().get(Distortion.HAZE)).isZero();
    assertThat(quality.distortions().get(Distortion.OCCLUSION)).isZero();
  }

  @Test
  void shouldNameTheDamageDone() {
    assertThat(mainDistortion(ImageDistortions.gaussianBlur(photo, 3))).isEqualTo(Distortion.BLUR);
    assertThat(mainDistortion(ImageDistortions.gaussianNoise(photo, 30, 1)))
        .isEqualTo(Distortion.NOISE);
    assertThat(mainDistortion(ImageDistortions.jpeg(photo, 8))).isEqualTo(Distortion.COMPRESSION);
    assertThat(mainDistortion(ImageDistortions.exposure(photo, 2.5)))
        .isEqualTo(Distortion.EXPOSURE);
    assertThat(mainDistortion(ImageDistortions.contrast(photo, 0.25)))
        .isEqualTo(Distortion.CONTRAST);
    assertThat(model.quality(photo, whole(photo)).mainDistortion()).isEmpty();
  }

  @Test
  void shouldScoreARegionByItsOwnPixels() {
    Roi left = box("left", 0, 0, 256, 512);
    Roi right = box("right", 256, 0, 256, 512);
    RgbImage halfBlurred =
        RegionDamage.within(right, photo, ImageDistortions.gaussianBlur(photo, 3));

    RegionQuality sharp = model.quality(halfBlurred, left);
    RegionQuality blurred = model.quality(halfBlurred, right);

    assertThat(sharp.score()).isGreaterThan(blurred.score() + 20);
    assertThat(blurred.distortions().get(Distortion.BLUR)).isGreaterThan(0.8);
  }

  @Test
  void shouldMeasureOnlyThePixelsInsideTheMask() {
    // A mask over the noisy left half of a box that also holds the clean right half.
    Roi damaged = box("damaged", 0, 0, 256, 512);
    RgbImage image =
        RegionDamage.within(damaged, photo, ImageDistortions.gaussianNoise(photo, 40, 3));
    PixelBox bounds = new PixelBox(0, 0, 512, 512);
    Roi masked = Roi.ofMask("mask", "mask", RoiOrigin.SEGMENTED, leftHalf(bounds));

    double maskNoise = model.quality(image, masked).indicators().get("noise");
    double boxNoise =
        model
            .quality(image, new Roi("box", "box", RoiOrigin.STATIC, bounds, null))
            .indicators()
            .get("noise");

    assertThat(maskNoise).isGreaterThan(boxNoise * 1.5);
  }

  @Test
  void shouldGiveTheWholeFrameFullImportanceAndACornerLess() {
    Roi corner = box("corner", 0, 0, 64, 64);
    Roi centre = box("centre", 224, 224, 64, 64);

    assertThat(model.quality(photo, whole(photo)).importance()).isEqualTo(1.0);
    assertThat(model.quality(photo, corner).importance())
        .isLessThan(model.quality(photo, centre).importance())
        .isPositive();
  }

  @Test
  void shouldNotJudgeSharpnessOfARegionWithoutEdges() {
    RgbImage grey = TestImages.uniform(300, 200, 0x808080);

    RegionQuality quality = model.quality(grey, whole(grey));

    assertThat(quality.indicators()).doesNotContainKey("sharpness");
    assertThat(quality.distortions().get(Distortion.BLUR)).isZero();
    assertThat(quality.mainDistortion()).contains(Distortion.CONTRAST);
  }

  @Test
  void shouldScoreRegionsDownToASinglePixel() {
    for (int size : new int[] {1, 3, 12}) {
      RegionQuality quality = model.quality(photo, box("tiny", 200, 200, size, size));

      assertThat(quality.score()).as("%dx%d", size, size).isBetween(0.0, 100.0);
      assertThat(quality.indicators()).doesNotContainKey("sharpness");
    }
  }

  @Test
  void shouldRefuseARegionOutsideTheImage() {
    Roi outside = box("outside", 500, 500, 64, 64);

    assertThatThrownBy(() -> model.quality(photo, outside))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
  }

  @Test
  void shouldScoreTheSameFromManyThreads() throws Exception {
    List<RgbImage> images =
        List.of(photo, ImageDistortions.gaussianBlur(photo, 2), TestImages.sample("rocket.jpg"));
    List<Double> expected = images.stream().map(i -> model.quality(i, whole(i)).score()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Double>> futures =
          java.util.stream.IntStream.range(0, 24)
              .mapToObj(n -> images.get(n % 3))
              .map(i -> pool.submit(() -> model.quality(i, whole(i)).score()))
              .toList();
      for (int n = 0; n < futures.size(); n++) {
        assertThat(futures.get(n).get()).isEqualTo(expected.get(n % 3));
      }
    } finally {
      pool.shutdown();
    }
  }

  private Distortion mainDistortion(RgbImage image) {
    return model.quality(image, whole(image)).mainDistortion().orElse(null);
  }

  private static Roi whole(RgbImage image) {
    return Roi.whole(image.width(), image.height());
  }

  private static Roi box(String id, int x, int y, int width, int height) {
    return new Roi(id, id, RoiOrigin.STATIC, new PixelBox(x, y, width, height), null);
  }

  private static RegionMask leftHalf(PixelBox bounds) {
    BitSet bits = new BitSet();
    for (int y = 0; y < bounds.height(); y++) {
      for (int x = 0; x < bounds.width() / 2; x++) {
        bits.set(y * bounds.width() + x);
      }
    }
    return new RegionMask(bounds, bits);
  }
}
