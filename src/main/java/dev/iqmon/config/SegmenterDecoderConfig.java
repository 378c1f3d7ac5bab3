package dev.iqmon.config;

import dev.iqmon.segment.DecoderSpec.PointFrame;
import dev.iqmon.segment.DecoderSpec.Upsampling;
import java.util.Objects;

/**
 * The segmenter's prompt decoder: the ONNX file, its tensor names, who upsamples the masks ({@code
 * decoder}: its {@code masks} output is at the image's size; {@code iqmon}: {@code masks} names
 * low-resolution logits that iqmon upsamples), the frame of point coordinates ({@code model}: the
 * encoder's resized frame; {@code image}: image pixels), how many prompts one call may carry, and
 * the logit threshold.
 */
public record SegmenterDecoderConfig(
    String path,
    Inputs inputs,
    Outputs outputs,
    Upsampling upsampling,
    PointFrame pointFrame,
    int maxPromptsPerCall,
    double maskThreshold) {

  public SegmenterDecoderConfig {
    Objects.requireNonNull(inputs, "segmenter.decoder.inputs");
    Objects.requireNonNull(outputs, "segmenter.decoder.outputs");
    Validate.present(upsampling, "segmenter.decoder.upsampling");
    Validate.present(pointFrame, "segmenter.decoder.point-frame");
    Validate.positive(maxPromptsPerCall, "segmenter.decoder.max-prompts-per-call");
    path = path == null || path.isBlank() ? null : path;
  }

  /** Input names; the optional ones are fed only when the decoder declares them. */
  public record Inputs(
      String embeddings,
      String pointCoords,
      String pointLabels,
      String maskInput,
      String hasMaskInput,
      String origImSize) {
    public Inputs {
      Validate.notBlank(embeddings, "segmenter.decoder.inputs.embeddings");
      Validate.notBlank(pointCoords, "segmenter.decoder.inputs.point-coords");
      Validate.notBlank(pointLabels, "segmenter.decoder.inputs.point-labels");
    }
  }

  /** Output names: the mask logits and the predicted IoU of each candidate mask. */
  public record Outputs(String masks, String iouPredictions) {
    public Outputs {
      Validate.notBlank(masks, "segmenter.decoder.outputs.masks");
      Validate.notBlank(iouPredictions, "segmenter.decoder.outputs.iou-predictions");
    }
  }
}
