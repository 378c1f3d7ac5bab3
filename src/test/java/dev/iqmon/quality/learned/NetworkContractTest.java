package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.quality.Distortion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkContractTest {

  private final Map<String, String> metadata =
      new HashMap<>(
          Map.of(
              "iqmon.model_id", "m",
              "iqmon.model_version", "2.0",
              "iqmon.weights", "trained",
              "iqmon.mean", "0.5,0.5,0.5",
              "iqmon.std", "0.25,0.25,0.25",
              "iqmon.distortions", "noise,blur"));
  private final Map<String, long[]> encoderIn = Map.of("image", new long[] {-1, 3, 96, 96});
  private final Map<String, long[]> encoderOut =
      new HashMap<>(
          Map.of(
              "features", new long[] {-1, 16, 6, 6},
              "degradation_logits", new long[] {-1, 3, 12, 12},
              "degradation_severity", new long[] {-1, 1, 12, 12}));
  private final Map<String, long[]> headIn =
      Map.of(
          "features", new long[] {-1, 16, 6, 6},
          "roi_masks", new long[] {-1, 1, 6, 6},
          "roi_image_index", new long[] {-1});
  private final Map<String, long[]> headOut =
      Map.of(
          "level_logits", new long[] {-1, 5},
          "distortion_probs", new long[] {-1, 2},
          "importance", new long[] {-1, 1});

  @Test
  void shouldReadSizesFromTheShapesAndTheRestFromTheMetadata() {
    NetworkContract c = NetworkContract.read(metadata, encoderIn, encoderOut, headIn, headOut);

    assertThat(List.of(c.inputSize(), c.featureChannels(), c.featureGrid(), c.roiGrid()))
        .containsExactly(96, 16, 6, 6);
    assertThat(c.denseGrid()).isEqualTo(12);
    assertThat(c.mean()).containsExactly(0.5f, 0.5f, 0.5f);
    assertThat(c.std()).containsExactly(0.25f, 0.25f, 0.25f);
    assertThat(c.distortions()).containsExactly(Distortion.NOISE, Distortion.BLUR);
    assertThat(c.trained()).isTrue();
  }

  @Test
  void shouldTellUntrainedWeights() {
    metadata.put("iqmon.weights", "untrained (random initialisation)");

    assertThat(NetworkContract.read(metadata, encoderIn, encoderOut, headIn, headOut).trained())
        .isFalse();
  }

  @Test
  void shouldNameAnOutputOfTheWrongShape() {
    encoderOut.put("degradation_logits", new long[] {-1, 9, 12, 12});

    assertThatThrownBy(() -> NetworkContract.read(metadata, encoderIn, encoderOut, headIn, headOut))
        .hasMessageContaining("encoder output 'degradation_logits'")
        .hasMessageContaining("[batch, 3, any, any]");
  }

  @Test
  void shouldRefuseMetadataThatContradictsTheShapes() {
    metadata.put("iqmon.input_size", "224");

    assertThatThrownBy(() -> NetworkContract.read(metadata, encoderIn, encoderOut, headIn, headOut))
        .hasMessageContaining("iqmon.input_size says 224 but the shapes say 96");
  }

  @Test
  void shouldRefuseAnUnknownDistortion() {
    metadata.put("iqmon.distortions", "noise,glare");

    assertThatThrownBy(() -> NetworkContract.read(metadata, encoderIn, encoderOut, headIn, headOut))
        .hasMessageContaining("'glare'");
  }
}
