package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.quality.Distortion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkContractTest {

  private final Map<String, String> metadata = new HashMap<>();
  private final Map<String, long[]> encoderIn = new HashMap<>();
  private final Map<String, long[]> encoderOut = new HashMap<>();
  private final Map<String, long[]> headIn = new HashMap<>();
  private final Map<String, long[]> headOut = new HashMap<>();

  NetworkContractTest() {
    metadata.put("iqmon.model_id", "iqmon-roi-quality");
    metadata.put("iqmon.model_version", "3.0.0");
    metadata.put("iqmon.weights", "trained");
    metadata.put("iqmon.cell", "16");
    metadata.put("iqmon.distortions", "noise,blur");
    metadata.put("iqmon.levels", "bad,poor,fair,good,excellent");
    metadata.putAll(NetworkContract.RULES);
    encoderIn.put("image", new long[] {-1, 3, -1, -1});
    encoderOut.put("cells", new long[] {-1, 8, -1, -1});
    encoderOut.put("degradation_logits", new long[] {-1, 3, -1, -1});
    encoderOut.put("degradation_severity", new long[] {-1, 1, -1, -1});
    headIn.put("local", new long[] {-1, 8});
    headIn.put("global", new long[] {-1, 8});
    headIn.put("area", new long[] {-1, 1});
    headOut.put("level_logits", new long[] {-1, 5});
    headOut.put("distortion_probs", new long[] {-1, 2});
    headOut.put("importance", new long[] {-1, 1});
  }

  private NetworkContract read() {
    return read(new HashMap<>(metadata));
  }

  private NetworkContract read(Map<String, String> headMetadata) {
    Map<String, String> encoderMetadata = new HashMap<>(metadata);
    encoderMetadata.put("iqmon.part", "encoder");
    headMetadata.put("iqmon.part", "roi-head");
    return NetworkContract.read(
        new ModelPart("the encoder", encoderMetadata, encoderIn, encoderOut),
        new ModelPart("the ROI head", headMetadata, headIn, headOut));
  }

  @Test
  void shouldReadTheCellAndChannelsAndClassesFromTheFiles() {
    NetworkContract c = read();

    assertThat(c.cell()).isEqualTo(16);
    assertThat(c.channels()).isEqualTo(8);
    assertThat(c.distortions()).containsExactly(Distortion.NOISE, Distortion.BLUR);
    assertThat(c.classes()).isEqualTo(3);
    assertThat(List.of(c.modelId(), c.modelVersion()))
        .containsExactly("iqmon-roi-quality", "3.0.0");
    assertThat(c.trained()).isTrue();
  }

  @Test
  void shouldTellUntrainedWeights() {
    metadata.put("iqmon.weights", "untrained (ImageNet backbone, random heads)");

    assertThat(read().trained()).isFalse();
  }

  /** The 2.0.0 files: a fixed 224 x 224 input, features on a grid, masks into the head. */
  @Test
  void shouldRefuseA2xModelNamingWhatDiffers() {
    metadata.put("iqmon.model_version", "2.0.0");
    metadata.remove("iqmon.cell");
    metadata.remove("iqmon.input");
    metadata.remove("iqmon.pooling");
    metadata.put("iqmon.input_size", "224");
    encoderIn.put("image", new long[] {-1, 3, 224, 224});
    encoderOut.remove("cells");
    encoderOut.put("features", new long[] {-1, 75, 14, 14});
    encoderOut.put("degradation_logits", new long[] {-1, 3, 28, 28});
    headIn.clear();
    headIn.put("features", new long[] {-1, 75, 14, 14});
    headIn.put("roi_masks", new long[] {-1, 1, 14, 14});
    headIn.put("roi_image_index", new long[] {-1});

    assertThatThrownBy(this::read)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "iqmon.model_version is '2.0.0' (this iqmon reads model versions 3.x)")
        .hasMessageContaining("metadata iqmon.cell is missing")
        .hasMessageContaining("metadata iqmon.input is missing")
        .hasMessageContaining(
            "the encoder input 'image' has shape [-1, 3, 224, 224], expected [batch, 3, dynamic,"
                + " dynamic]")
        .hasMessageContaining("the encoder has no output 'cells'")
        .hasMessageContaining(
            "the encoder output 'degradation_logits' has shape [-1, 3, 28, 28], expected [batch, 3,"
                + " dynamic, dynamic]")
        .hasMessageContaining("the ROI head has no input 'local'")
        .hasMessageContaining("the ROI head has no input 'area'");
  }

  @Test
  void shouldRefuseAModelThatPoolsOrNormalisesOtherwise() {
    metadata.put("iqmon.input", "RGB, (pixel / 255 - mean) / std");

    assertThatThrownBy(this::read)
        .hasMessageContaining("metadata iqmon.input is 'RGB, (pixel / 255 - mean) / std'")
        .hasMessageContaining("but iqmon applies 'RGB, pixel / 255");
  }

  @Test
  void shouldRefuseFilesOfTwoExports() {
    Map<String, String> otherHead = new HashMap<>(metadata);
    otherHead.put("iqmon.weights", "untrained (random)");

    assertThatThrownBy(() -> read(otherHead))
        .hasMessageContaining("the encoder and the ROI head differ in iqmon.weights")
        .hasMessageContaining("not from one export");
  }

  @Test
  void shouldRefuseAnEncoderGivenAsTheHead() {
    Map<String, String> encoderAsHead = new HashMap<>(metadata);

    assertThatThrownBy(
            () ->
                NetworkContract.read(
                    new ModelPart(
                        "the encoder", Map.of("iqmon.part", "encoder"), encoderIn, encoderOut),
                    new ModelPart(
                        "the ROI head", withPart(encoderAsHead, "encoder"), encoderIn, encoderOut)))
        .hasMessageContaining("the ROI head should be the roi-head part, but its metadata")
        .hasMessageContaining("the ROI head has no input 'local'");
  }

  private static Map<String, String> withPart(Map<String, String> metadata, String part) {
    metadata.put("iqmon.part", part);
    return metadata;
  }

  @Test
  void shouldRefuseAnUnknownDistortion() {
    metadata.put("iqmon.distortions", "noise,glare");

    assertThatThrownBy(this::read).hasMessageContaining("'glare'");
  }

  @Test
  void shouldRefuseClassesThatDisagreeWithTheDistortions() {
    headOut.put("distortion_probs", new long[] {-1, 8});

    assertThatThrownBy(this::read)
        .hasMessageContaining(
            "the ROI head output 'distortion_probs' has shape [-1, 8], expected [batch, 2]");
  }

  @Test
  void shouldRefuseAHeadWhoseTokensAreNotTheCellsWidth() {
    headIn.put("global", new long[] {-1, 6});

    assertThatThrownBy(this::read)
        .hasMessageContaining("the ROI head input 'global' has shape [-1, 6], expected [batch, 8]");
  }
}
