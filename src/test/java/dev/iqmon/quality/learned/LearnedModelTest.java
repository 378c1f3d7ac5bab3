package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ScoreLevel;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnedModelTest {

  private static final RgbImage IMAGE = TestImages.uniform(64, 48, 0x808080);
  private static final DegradedRegionSettings DEGRADED = new DegradedRegionSettings(0.5, 0.1, 3);

  private static ImageJob job(Roi... extra) {
    List<Roi> rois = new java.util.ArrayList<>(List.of(Roi.whole(64, 48)));
    rois.addAll(List.of(extra));
    return new ImageJob(IMAGE, rois);
  }

  private static Roi leftHalf() {
    return new Roi("left", "left", RoiOrigin.EVENT, new PixelBox(0, 0, 32, 48), null);
  }

  @Test
  void shouldRunEachNetworkOnceForAWholeBatchDegradedRegionsIncluded() {
    // Image 1 has the top two rows of dense cells blurred: half of the image.
    FakeNetworks networks = new FakeNetworks(Map.of(1, new int[] {0, 1, 2, 3, 4, 5, 6, 7}));
    LearnedModel model = new LearnedModel(networks, DEGRADED, false);

    List<ImageResult> results = model.score(List.of(job(leftHalf()), job(), job()));

    assertThat(networks.encodedBatches).containsExactly(3);
    assertThat(networks.headBatches).containsExactly(5);
    assertThat(results.get(0).regions())
        .extracting(r -> r.roi().id())
        .containsExactly("whole", "left");
    assertThat(results.get(1).regions())
        .extracting(r -> r.roi().id())
        .containsExactly("whole", "degraded-1");
    assertThat(results.get(2).regions()).extracting(r -> r.roi().id()).containsExactly("whole");
  }

  @Test
  void shouldTurnTheHeadOutputsIntoLevelsDistortionsAndImportance() {
    FakeNetworks networks = new FakeNetworks(Map.of(1, new int[] {0, 1, 2, 3, 4, 5, 6, 7}));
    LearnedModel model = new LearnedModel(networks, DEGRADED, false);

    List<ImageResult> results = model.score(List.of(job(leftHalf()), job()));

    ScoredRegion whole = results.get(0).regions().get(0);
    assertThat(whole.quality().level()).isEqualTo(ScoreLevel.EXCELLENT);
    assertThat(whole.quality().score()).isCloseTo(100, within(1e-6));
    assertThat(whole.quality().importance()).isCloseTo(1, within(1e-6));
    ScoredRegion left = results.get(0).regions().get(1);
    assertThat(left.quality().level()).isEqualTo(ScoreLevel.FAIR); // half the image: level 2
    assertThat(left.quality().importance()).isCloseTo(0.5, within(1e-6));
    ScoredRegion degraded = results.get(1).regions().get(1);
    assertThat(degraded.roi().label()).isEqualTo("blur");
    assertThat(degraded.roi().source()).isEqualTo(RoiOrigin.DEGRADED);
    assertThat(degraded.quality().distortions()).containsKeys(Distortion.values());
    assertThat(degraded.quality().distortions().get(Distortion.BLUR)).isCloseTo(0.1, within(1e-6));
  }

  @Test
  void shouldNormaliseTheResizedImageForTheEncoder() {
    FakeNetworks networks = new FakeNetworks(Map.of());
    LearnedModel model = new LearnedModel(networks, DEGRADED, false);

    model.score(List.of(new ImageJob(TestImages.uniform(64, 48, 0xff0080), List.of())));

    float[] input = networks.encodedImages.get(0);
    int plane = FakeNetworks.SIZE * FakeNetworks.SIZE;
    assertThat(input).hasSize(3 * plane);
    assertThat(input[0]).isEqualTo((1f - 0.5f) / 0.5f);
    assertThat(input[plane]).isEqualTo((0f - 0.5f) / 0.5f);
    assertThat(input[2 * plane]).isCloseTo((128 / 255f - 0.5f) / 0.5f, within(1e-6f));
  }

  @Test
  void shouldExplainEachRegionWithTheClassicalIndicators() {
    LearnedModel model = new LearnedModel(new FakeNetworks(Map.of()), DEGRADED, true);

    ScoredRegion whole = model.score(List.of(job())).get(0).regions().get(0);

    assertThat(whole.quality().indicators()).containsKeys("noise", "contrast", "brightness");
  }

  @Test
  void shouldLeaveIndicatorsOutWhenExplainingIsOff() {
    LearnedModel model = new LearnedModel(new FakeNetworks(Map.of()), DEGRADED, false);

    assertThat(model.score(List.of(job())).get(0).regions().get(0).quality().indicators())
        .isEmpty();
  }

  @Test
  void shouldSayTheWeightsAreUntrainedInTheModelVersion() {
    LearnedModel model = new LearnedModel(new FakeNetworks(Map.of()), DEGRADED, false);

    assertThat(model.info().id()).isEqualTo("fake");
    assertThat(model.info().version()).isEqualTo("1+untrained");
    assertThat(model.info().provider()).isEqualTo("cpu");
  }

  @Test
  void shouldCloseTheNetworks() {
    FakeNetworks networks = new FakeNetworks(Map.of());
    new LearnedModel(networks, DEGRADED, false).close();

    assertThat(networks.closed).isTrue();
  }
}
