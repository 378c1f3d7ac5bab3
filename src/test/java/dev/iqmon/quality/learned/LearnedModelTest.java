package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.quality.ScoreLevel;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.quality.learned.FakeNetworks.EncoderCall;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedModelTest {

  private static final DegradedRegionSettings NO_DEGRADED = DegradedRegionSettings.OFF;
  private static final DegradedRegionSettings DEGRADED = new DegradedRegionSettings(0.5, 0.01, 3);
  private static final long NO_CAP = 1 << 20;
  private static final int RED = 0xff0000;

  private final FakeNetworks networks = new FakeNetworks();

  private LearnedModel model(DegradedRegionSettings degraded, long maxPixels) {
    return new LearnedModel(networks, degraded, false, maxPixels);
  }

  private static ImageJob job(RgbImage image, Roi... rois) {
    List<Roi> all = new ArrayList<>(List.of(Roi.whole(image.width(), image.height())));
    all.addAll(List.of(rois));
    return new ImageJob(image, all);
  }

  private static Roi box(String id, int x, int y, int width, int height) {
    return new Roi(id, id, RoiOrigin.EVENT, new PixelBox(x, y, width, height), null);
  }

  /** The image with the box painted pure red. */
  private static RgbImage painted(RgbImage image, int x0, int y0, int width, int height) {
    int[] pixels = image.pixels().clone();
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        pixels[y * image.width() + x] = RED;
      }
    }
    return new RgbImage(image.width(), image.height(), pixels);
  }

  private static RegionQuality quality(ImageResult result, String id) {
    return result.regions().stream()
        .filter(r -> r.roi().id().equals(id))
        .findFirst()
        .orElseThrow()
        .quality();
  }

  @Test
  void shouldEncodeEachSizeOnceAndScoreEveryRegionOfTheBatchInOneHeadCall() {
    RgbImage wide = TestImages.uniform(64, 48, 0x808080);
    RgbImage square = TestImages.uniform(32, 32, 0x808080);

    model(NO_DEGRADED, NO_CAP)
        .score(List.of(job(wide, box("left", 0, 0, 32, 48)), job(square), job(wide)));

    assertThat(networks.encoderCalls)
        .extracting(EncoderCall::count, EncoderCall::width, EncoderCall::height)
        .containsExactly(tuple(2, 64, 48), tuple(1, 32, 32));
    assertThat(networks.headCalls).containsExactly(4);
  }

  @Test
  void shouldGiveEachImageItsOwnRegionsInTheOrderAskedFor() {
    RgbImage first = TestImages.uniform(64, 48, 0x330000);
    RgbImage second = TestImages.uniform(32, 32, 0x660000);
    RgbImage third = TestImages.uniform(64, 48, 0x990000);

    List<ImageResult> results =
        model(NO_DEGRADED, NO_CAP)
            .score(
                List.of(
                    job(first, box("a", 0, 0, 8, 8), box("b", 8, 8, 8, 8)),
                    job(second),
                    job(third, box("c", 0, 0, 16, 16))));

    assertThat(results).hasSize(3);
    assertThat(results.get(0).regions())
        .extracting(r -> r.roi().id())
        .containsExactly("whole", "a", "b");
    assertThat(results.get(1).regions()).extracting(r -> r.roi().id()).containsExactly("whole");
    assertThat(results.get(2).regions())
        .extracting(r -> r.roi().id())
        .containsExactly("whole", "c");
    // The fake head's noise probability is the red of the region's own image.
    double[] reds = {0x33 / 255.0, 0x66 / 255.0, 0x99 / 255.0};
    for (int i = 0; i < 3; i++) {
      for (ScoredRegion region : results.get(i).regions()) {
        assertThat(region.quality().distortions().get(Distortion.NOISE))
            .as("image %d, region %s", i, region.roi().id())
            .isCloseTo(reds[i], within(1e-6));
      }
    }
  }

  @Test
  void shouldPoolEachRegionFromTheCellsUnderIt() {
    RgbImage halfRed = painted(TestImages.uniform(64, 48, 0x000000), 0, 0, 32, 48);

    ImageResult result =
        model(NO_DEGRADED, NO_CAP)
            .score(List.of(job(halfRed, box("left", 0, 0, 32, 48), box("right", 32, 0, 32, 48))))
            .get(0);

    // The fake head: blur = the region's mean red, importance = its share of the cells.
    assertThat(quality(result, "left").distortions().get(Distortion.BLUR))
        .isCloseTo(1, within(1e-6));
    assertThat(quality(result, "right").distortions().get(Distortion.BLUR))
        .isCloseTo(0, within(1e-6));
    assertThat(quality(result, "whole").distortions().get(Distortion.BLUR))
        .isCloseTo(0.5, within(1e-6));
    assertThat(quality(result, "left").importance()).isCloseTo(0.5, within(1e-6));
    assertThat(quality(result, "left").level()).isEqualTo(ScoreLevel.FAIR);
    assertThat(quality(result, "whole").importance()).isCloseTo(1, within(1e-6));
    assertThat(quality(result, "whole").level()).isEqualTo(ScoreLevel.EXCELLENT);
  }

  @Test
  void shouldTurnDamagedCellsIntoDegradedRegionsInTheImagesPixels() {
    RgbImage image = painted(TestImages.uniform(64, 48, 0x404040), 8, 16, 16, 16);

    ImageResult result =
        model(DEGRADED, NO_CAP).score(List.of(job(image, box("asked", 0, 0, 8, 8)))).get(0);

    assertThat(result.regions())
        .extracting(r -> r.roi().id())
        .containsExactly("whole", "asked", "degraded-1");
    Roi degraded = result.regions().get(2).roi();
    assertThat(degraded.label()).isEqualTo("blur");
    assertThat(degraded.source()).isEqualTo(RoiOrigin.DEGRADED);
    assertThat(degraded.box()).isEqualTo(new PixelBox(8, 16, 16, 16));
    assertThat(degraded.area()).isEqualTo(256);
    assertThat(quality(result, "degraded-1").distortions().get(Distortion.BLUR))
        .isCloseTo(1, within(1e-6));
  }

  @Test
  void shouldSplitSameSizedImagesIntoCallsWithinThePixelCap() {
    RgbImage image = TestImages.uniform(64, 48, 0x808080);

    model(NO_DEGRADED, 2 * 64 * 48).score(List.of(job(image), job(image), job(image)));

    assertThat(networks.encoderCalls).extracting(EncoderCall::count).containsExactly(2, 1);
    assertThat(networks.headCalls).containsExactly(3);
  }

  @Test
  void shouldShrinkAFrameOverThePixelCapAndMapItsRegionsBack() {
    RgbImage image = painted(TestImages.uniform(128, 96, 0x000000), 0, 0, 64, 96);

    ImageResult result =
        model(DEGRADED, 64 * 48).score(List.of(job(image, box("left", 0, 0, 64, 96)))).get(0);

    assertThat(networks.encoderCalls)
        .singleElement()
        .satisfies(
            call -> assertThat(List.of(call.width(), call.height())).containsExactly(64, 48));
    assertThat(quality(result, "left").distortions().get(Distortion.BLUR))
        .isCloseTo(1, within(1e-6));
    assertThat(quality(result, "left").importance()).isCloseTo(0.5, within(1e-6));
    Roi degraded = result.regions().get(2).roi();
    assertThat(degraded.box()).isEqualTo(new PixelBox(0, 0, 64, 96));
    assertThat(degraded.area()).isEqualTo(64 * 96);
  }

  @Test
  void shouldEnlargeAnImageSmallerThanACell() {
    RgbImage tiny = TestImages.uniform(4, 6, 0x808080);

    ImageResult result = model(NO_DEGRADED, NO_CAP).score(List.of(job(tiny))).get(0);

    assertThat(networks.encoderCalls)
        .singleElement()
        .satisfies(call -> assertThat(List.of(call.width(), call.height())).containsExactly(8, 12));
    assertThat(quality(result, "whole").importance()).isCloseTo(1, within(1e-6));
  }

  @Test
  void shouldScoreARegionPastTheLastWholeCellFromTheNearestCells() {
    // 20 x 16 pixels: two columns of 8-pixel cells, and columns 16..19 in no cell.
    RgbImage image = painted(TestImages.uniform(20, 16, 0x000000), 8, 0, 12, 16);

    ImageResult result =
        model(NO_DEGRADED, NO_CAP).score(List.of(job(image, box("edge", 17, 0, 3, 16)))).get(0);

    assertThat(quality(result, "edge").distortions().get(Distortion.BLUR))
        .as("the red of the nearest column of cells")
        .isCloseTo(1, within(1e-6));
    assertThat(quality(result, "edge").importance())
        .as("its own share of the image")
        .isCloseTo(48 / 320.0, within(1e-6));
  }

  @Test
  void shouldGiveTheEncoderEachPixelOver255PlaneByPlane() {
    model(NO_DEGRADED, NO_CAP).score(List.of(job(TestImages.uniform(16, 8, 0xff0080))));

    float[] input = networks.encoderCalls.get(0).input();
    int plane = 16 * 8;
    assertThat(input).hasSize(3 * plane);
    assertThat(input[0]).isEqualTo(1f);
    assertThat(input[plane]).isEqualTo(0f);
    assertThat(input[2 * plane]).isEqualTo(128 / 255f);
  }

  @Test
  void shouldNotRunTheHeadForImagesWithoutRegions() {
    List<ImageResult> results =
        model(NO_DEGRADED, NO_CAP)
            .score(List.of(new ImageJob(TestImages.uniform(16, 16, 0), List.of())));

    assertThat(results).singleElement().satisfies(r -> assertThat(r.regions()).isEmpty());
    assertThat(networks.headCalls).isEmpty();
  }

  @Test
  void shouldRefuseAPixelCapSmallerThanOneCell() {
    assertThatThrownBy(() -> model(NO_DEGRADED, FakeNetworks.CELL * FakeNetworks.CELL - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("less than one cell");
  }

  @Test
  void shouldExplainEachRegionWithTheClassicalIndicators() {
    LearnedModel model = new LearnedModel(networks, NO_DEGRADED, true, NO_CAP);

    ScoredRegion whole =
        model.score(List.of(job(TestImages.uniform(64, 48, 0x808080)))).get(0).regions().get(0);

    assertThat(whole.quality().indicators()).containsKeys("noise", "contrast", "brightness");
  }

  @Test
  void shouldLeaveIndicatorsOutWhenExplainingIsOff() {
    ScoredRegion whole =
        model(NO_DEGRADED, NO_CAP)
            .score(List.of(job(TestImages.uniform(64, 48, 0x808080))))
            .get(0)
            .regions()
            .get(0);

    assertThat(whole.quality().indicators()).isEmpty();
  }

  @Test
  void shouldSayTheWeightsAreUntrainedInTheModelVersion() {
    LearnedModel model = model(NO_DEGRADED, NO_CAP);

    assertThat(model.info().id()).isEqualTo("fake");
    assertThat(model.info().version()).isEqualTo("3.1+untrained");
    assertThat(model.info().provider()).isEqualTo("cpu");
    assertThat(
            new LearnedModel(new FakeNetworks("trained"), NO_DEGRADED, false, NO_CAP)
                .info()
                .version())
        .isEqualTo("3.1");
  }

  @Test
  void shouldCloseTheNetworks() {
    model(NO_DEGRADED, NO_CAP).close();

    assertThat(networks.closed).isTrue();
  }
}
