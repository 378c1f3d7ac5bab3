package dev.iqmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.roi.RoiOrigin;
import dev.iqmon.segment.DecoderSpec;
import dev.iqmon.segment.EncoderLayout;
import dev.iqmon.segment.SamContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmenterConfigTest {

  private static IqmonConfig load(String yaml) {
    return new ConfigLoader().text(yaml, "test").load();
  }

  @Test
  void shouldLeaveTheSegmenterOffAndSpeakSamsContractByDefault() {
    IqmonConfig config = load("");

    assertThat(config.segmenter().enabled()).isFalse();
    assertThat(config.automaticMasks("any-feed")).isFalse();
    SamContract contract = config.segmenter().contract();
    assertThat(contract.encoder().layout()).isEqualTo(EncoderLayout.PADDED);
    assertThat(contract.encoder().inputSize()).isEqualTo(1024);
    assertThat(contract.encoder().mean()).containsExactly(123.675f, 116.28f, 103.53f);
    assertThat(contract.decoder()).isEqualTo(DecoderSpec.sam());
  }

  @Test
  void shouldReadAnEfficientSamStyleContract() {
    IqmonConfig config =
        load(
            """
            segmenter:
              encoder:
                path: models/esam/encoder.onnx
                input: batched_images
                layout: original
                pixel-mean: [0, 0, 0]
                pixel-std: [255, 255, 255]
              decoder:
                path: models/esam/decoder.onnx
                inputs: {point-coords: batched_point_coords, point-labels: batched_point_labels}
                outputs: {masks: output_masks}
                point-frame: image
            """);

    SamContract contract = config.segmenter().contract();
    assertThat(config.segmenter().enabled()).isTrue();
    assertThat(contract.encoder().layout()).isEqualTo(EncoderLayout.ORIGINAL);
    assertThat(contract.encoder().std()).containsExactly(255f, 255f, 255f);
    assertThat(contract.decoder().pointCoords()).isEqualTo("batched_point_coords");
    assertThat(contract.decoder().masks()).isEqualTo("output_masks");
    assertThat(contract.decoder().iouPredictions()).isEqualTo("iou_predictions");
    assertThat(contract.decoder().pointFrame()).isEqualTo(DecoderSpec.PointFrame.IMAGE);
  }

  @Test
  void shouldRefuseAutomaticMasksWithoutASegmenter() {
    assertThatThrownBy(() -> load("segmenter: {automatic: {enabled: true}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("segmenter.automatic.enabled needs a segmenter");
    assertThatThrownBy(() -> load("feeds: {cam-1: {automatic-masks: true}}"))
        .hasMessageContaining("feeds.cam-1.automatic-masks needs a segmenter");
  }

  @Test
  void shouldLetAFeedTurnAutomaticMasksOffOrOn() {
    IqmonConfig config =
        load(
            """
            segmenter:
              encoder: {path: e.onnx}
              decoder: {path: d.onnx}
              automatic: {enabled: true}
            feeds:
              quiet: {automatic-masks: false}
              busy: {}
            """);

    assertThat(config.automaticMasks("quiet")).isFalse();
    assertThat(config.automaticMasks("busy")).isTrue();
    assertThat(config.automaticMasks("not-configured")).isTrue();
  }

  @Test
  void shouldRefuseHalfAModelPairAndUpsamplingThatCannotWork() {
    assertThatThrownBy(() -> load("segmenter: {encoder: {path: e.onnx}}"))
        .hasMessageContaining("go together");
    assertThatThrownBy(
            () ->
                load(
                    "segmenter: {encoder: {path: e.onnx, layout: original},"
                        + " decoder: {path: d.onnx, upsampling: iqmon}}"))
        .hasMessageContaining("segmenter.decoder.upsampling");
    assertThatThrownBy(() -> load("segmenter: {device: tpu}"))
        .hasMessageContaining("segmenter.device");
  }

  @Test
  void shouldReadPerSourceLimits() {
    IqmonConfig config =
        load("rois: {max-per-image: 10, max-per-source: {segmented: 4, Event: 3}}");

    assertThat(config.rois().limits().maxPerSource())
        .isEqualTo(Map.of(RoiOrigin.SEGMENTED, 4, RoiOrigin.EVENT, 3));
    assertThatThrownBy(() -> load("rois: {max-per-source: {semantic: 4}}"))
        .hasMessageContaining("'semantic' is not a source");
  }

  @Test
  void shouldOnlySegmentStaticBoxes() {
    assertThatThrownBy(
            () ->
                load(
                    "feeds: {cam: {rois: [{id: a, polygon: [[0, 0], [1, 0], [1, 1]],"
                        + " segment: true}]}}"))
        .hasMessageContaining("segment needs a box");
  }
}
