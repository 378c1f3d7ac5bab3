package dev.iqmon.detect;

import java.nio.FloatBuffer;

/**
 * A detector's network: a batch of letterboxed, normalised inputs in, its raw outputs out. The ONNX
 * Runtime adapter is {@link OnnxDetectorNetwork}; tests use networks of their own.
 */
public interface DetectorNetwork extends AutoCloseable {

  DetectorContract contract();

  /** Where it runs: {@code cpu}, {@code cuda}, or what a test network says. */
  String provider();

  /**
   * Runs {@code images} inputs of {@code 3 x size x size} floats each, NCHW, from {@code input}'s
   * position; every output named by {@link DetectorContract#outputNames()}.
   */
  DetectorOutputs run(FloatBuffer input, int images);

  @Override
  void close();
}
