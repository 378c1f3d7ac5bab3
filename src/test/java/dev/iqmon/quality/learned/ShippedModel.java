package dev.iqmon.quality.learned;

import dev.iqmon.inference.Device;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.OnnxSessions;
import java.nio.file.Path;

/** The learned model's ONNX files in {@code models/}, on the CPU. */
final class ShippedModel {

  static final Path ENCODER = Path.of("models/iqmon-encoder.onnx");
  static final Path ROI_HEAD = Path.of("models/iqmon-roi-head.onnx");

  private ShippedModel() {}

  static OnnxQualityNetworks networks() {
    return OnnxQualityNetworks.open(
        new OnnxSessions(Device.CPU, 2),
        new ModelSource(ENCODER.toString(), ENCODER, null),
        new ModelSource(ROI_HEAD.toString(), ROI_HEAD, null));
  }
}
