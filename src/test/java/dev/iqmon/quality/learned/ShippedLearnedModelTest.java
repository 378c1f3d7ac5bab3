package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The learned model on the ONNX files in {@code models/}, on the CPU. Nothing here depends on what
 * the weights are: it checks the contract read from the files and that batching, grouping by size
 * and the pixel cap change no score.
 */
class ShippedLearnedModelTest {

  private static final long UHD = 3840L * 2160;
  private static LearnedModel model;

  @BeforeAll
  static void load() {
    model =
        new LearnedModel(
            ShippedModel.networks(), new DegradedRegionSettings(0.5, 0.02, 4), true, UHD);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static ImageJob job(RgbImage image) {
    return new ImageJob(
        image,
        List.of(
            Roi.whole(image.width(), image.height()),
            new Roi("box", "box", RoiOrigin.EVENT, new PixelBox(10, 20, 120, 90), null)));
  }

  @Test
  void shouldReadTheContractFromTheFiles() {
    NetworkContract contract = model.contract();

    assertThat(contract.cell()).isEqualTo(16);
    assertThat(contract.channels()).isEqualTo(768);
    assertThat(contract.classes()).isEqualTo(9);
    assertThat(model.info().id()).isEqualTo("iqmon-roi-quality");
    assertThat(model.info().version()).startsWith("3.");
    assertThat(model.info().provider()).isEqualTo("cpu");
  }

  @Test
  void shouldScoreEveryRegionAskedForInOrder() {
    ImageResult result = model.score(List.of(job(TestImages.sample("coffee.png")))).get(0);

    assertThat(result.regions()).extracting(r -> r.roi().id()).startsWith("whole", "box");
    for (ScoredRegion region : result.regions()) {
      assertThat(region.quality().score()).isBetween(0.0, 100.0);
      assertThat(region.quality().importance()).isBetween(0.0, 1.0);
      assertThat(region.quality().indicators()).containsKey("sharpness");
    }
  }

  @Test
  void shouldGiveImagesTheSameScoresInAMixedSizeBatchAsAlone() {
    RgbImage coffee = TestImages.sample("coffee.png");
    RgbImage blurred = ImageDistortions.gaussianBlur(TestImages.sample("chelsea.png"), 3);
    RgbImage astronaut = TestImages.sample("astronaut.png");

    List<ImageResult> together =
        model.score(List.of(job(coffee), job(astronaut), job(blurred), job(coffee)));

    assertSameScores(together.get(0), model.score(List.of(job(coffee))).get(0));
    assertSameScores(together.get(1), model.score(List.of(job(astronaut))).get(0));
    assertSameScores(together.get(2), model.score(List.of(job(blurred))).get(0));
    assertSameScores(together.get(3), together.get(0));
  }

  @Test
  void shouldScoreAFrameOverThePixelCapAsTheSameFrameShrunkFirst() {
    RgbImage astronaut = TestImages.sample("astronaut.png");
    RgbImage shrunk = SquashResize.image(astronaut, 256, 256);
    try (LearnedModel capped =
        new LearnedModel(ShippedModel.networks(), DegradedRegionSettings.OFF, false, 256 * 256)) {

      ImageResult big = capped.score(List.of(job(astronaut))).get(0);
      ImageResult small = capped.score(List.of(job(shrunk))).get(0);

      assertThat(big.regions().get(0).quality().score())
          .isCloseTo(small.regions().get(0).quality().score(), within(1e-4));
    }
  }

  @Test
  void shouldScoreAnImageSmallerThanOneCell() {
    RgbImage tiny = TestImages.uniform(5, 9, 0x406080);

    ImageResult result = model.score(List.of(new ImageJob(tiny, List.of(Roi.whole(5, 9))))).get(0);

    assertThat(result.regions().get(0).quality().score()).isBetween(0.0, 100.0);
  }

  private static void assertSameScores(ImageResult a, ImageResult b) {
    assertThat(a.regions()).hasSameSizeAs(b.regions());
    for (int i = 0; i < a.regions().size(); i++) {
      assertThat(a.regions().get(i).roi()).isEqualTo(b.regions().get(i).roi());
      assertThat(a.regions().get(i).quality().score())
          .isCloseTo(b.regions().get(i).quality().score(), within(1e-3));
    }
  }
}
