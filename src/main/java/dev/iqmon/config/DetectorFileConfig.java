package dev.iqmon.config;

/**
 * One of the shipped detectors: its ONNX file ({@code null}: {@code models/<file>} in the working
 * directory if it is there, else the copy bundled in the jar) and the least confidence of its
 * detections that become regions, unless a feed says otherwise for a class.
 */
public record DetectorFileConfig(String path, double minConfidence) {

  public DetectorFileConfig {
    Validate.between(minConfidence, 0, 1, "detectors.*.min-confidence");
  }
}
