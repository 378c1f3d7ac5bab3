package dev.iqmon.quality;

/** Which quality model scores the regions. */
public enum ModelKind {
  /**
   * iqmon's ONNX model: a learned network that also finds the regions where the image is damaged.
   */
  LEARNED,
  /** Explainable indicators (sharpness, noise, blockiness, exposure, contrast, colour) in Java. */
  CLASSICAL
}
