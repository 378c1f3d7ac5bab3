package dev.iqmon.config;

import dev.iqmon.segment.EncoderLayout;
import java.util.List;

/**
 * The segmenter's image encoder: the ONNX file, its input and output tensor names, the input layout
 * ({@code padded}: [1, 3, S, S] normalised and padded here; {@code resized-hwc}: [h, w, 3] resized
 * here, padded by the model; {@code original}: [1, 3, H, W] at the image's size), the model side S,
 * and the RGB mean and std (0..255 units) applied before the encoder.
 */
public record SegmenterEncoderConfig(
    String path,
    String input,
    String output,
    EncoderLayout layout,
    int inputSize,
    List<Double> pixelMean,
    List<Double> pixelStd) {

  public SegmenterEncoderConfig {
    Validate.notBlank(input, "segmenter.encoder.input");
    Validate.notBlank(output, "segmenter.encoder.output");
    Validate.present(layout, "segmenter.encoder.layout");
    Validate.positive(inputSize, "segmenter.encoder.input-size");
    pixelMean = threeValues(pixelMean, "segmenter.encoder.pixel-mean");
    pixelStd = threeValues(pixelStd, "segmenter.encoder.pixel-std");
    if (pixelStd.stream().anyMatch(s -> !(s > 0))) {
      throw new ConfigException("segmenter.encoder.pixel-std values must be positive");
    }
    path = path == null || path.isBlank() ? null : path;
  }

  private static List<Double> threeValues(List<Double> values, String key) {
    if (values == null || values.size() != 3 || values.contains(null)) {
      throw new ConfigException(key + " needs three values, R, G and B, got " + values);
    }
    return List.copyOf(values);
  }
}
