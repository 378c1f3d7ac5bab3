package dev.iqmon.quality.learned;

import java.nio.FloatBuffer;

/**
 * The learned model's two networks as an engine: buffers in, buffers out. {@link
 * OnnxQualityNetworks} runs them on ONNX Runtime; tests use fakes. Implementations are thread-safe.
 */
public interface QualityNetworks extends AutoCloseable {

  NetworkContract contract();

  /** Where the networks run: {@code cpu} or {@code cuda}. */
  String provider();

  /**
   * Runs the encoder once over {@code count} images of {@code width x height}, {@code [count, 3,
   * height, width]}; the outputs cover {@code height / cell x width / cell} cells.
   */
  EncodedImages encode(FloatBuffer images, int count, int width, int height);

  /**
   * Runs the ROI head once over {@code count} regions: {@code local} and {@code global} {@code
   * [count, channels]}, {@code area} {@code [count, 1]}.
   */
  RoiOutputs scoreRois(FloatBuffer local, FloatBuffer global, FloatBuffer area, int count);

  @Override
  void close();

  /**
   * The ROI head's outputs, region-major: 5 level logits, one probability per distortion, and an
   * importance per region.
   */
  record RoiOutputs(float[] levelLogits, float[] distortionProbs, float[] importance) {}
}
