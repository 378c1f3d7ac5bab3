package dev.iqmon.quality.learned;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * The learned model's two networks as an engine: buffers in, arrays out. {@link
 * OnnxQualityNetworks} runs them on ONNX Runtime; tests use fakes. Implementations are thread-safe.
 */
public interface QualityNetworks extends AutoCloseable {

  NetworkContract contract();

  /** Where the networks run: {@code cpu} or {@code cuda}. */
  String provider();

  /**
   * Runs the encoder once over {@code count} images, {@code [count, 3, S, S]}. The caller closes
   * what it returns, after the last {@link #scoreRois} on it.
   */
  Encoded encode(FloatBuffer images, int count);

  /**
   * Runs the ROI head once over {@code count} regions of the encoded images: masks {@code [count,
   * 1, R, R]} and, per region, the index of its image.
   */
  RoiOutputs scoreRois(Encoded encoded, FloatBuffer masks, LongBuffer imageIndex, int count);

  @Override
  void close();

  /** The encoder's outputs for a batch; the features may stay where the engine keeps them. */
  interface Encoded extends AutoCloseable {

    /** The dense head's class logits of one image, {@code [classes + 1, D, D]}. */
    float[] degradationLogits(int image);

    /** The dense head's severity of one image, {@code [D, D]}, in [0, 1]. */
    float[] degradationSeverity(int image);

    @Override
    void close();
  }

  /**
   * The ROI head's outputs, region-major: 5 level logits, one probability per distortion, and an
   * importance per region.
   */
  record RoiOutputs(float[] levelLogits, float[] distortionProbs, float[] importance) {}
}
