package dev.iqmon.segment;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;

/** Checks an encoder file against its {@link EncoderSpec} before the first image reaches it. */
final class EncoderCheck {

  private EncoderCheck() {}

  static void check(OrtSession encoder, EncoderSpec spec) throws OrtException {
    Map<String, NodeInfo> inputs = encoder.getInputInfo();
    if (!inputs.containsKey(spec.input())) {
      throw new IllegalArgumentException(
          "the encoder has no input named '" + spec.input() + "'; it has " + inputs.keySet());
    }
    if (!encoder.getOutputInfo().containsKey(spec.output())) {
      throw new IllegalArgumentException(
          "the encoder has no output named '"
              + spec.output()
              + "'; it has "
              + encoder.getOutputInfo().keySet());
    }
    long[] shape = ((TensorInfo) inputs.get(spec.input()).getInfo()).getShape();
    int rank = spec.layout() == EncoderLayout.RESIZED_HWC ? 3 : 4;
    if (shape.length != rank) {
      throw new IllegalArgumentException(
          "a "
              + spec.layout()
              + " encoder input has rank "
              + rank
              + ", but '"
              + spec.input()
              + "' is "
              + Arrays.toString(shape));
    }
    if (spec.layout() == EncoderLayout.PADDED
        && (mismatch(shape[2], spec.inputSize()) || mismatch(shape[3], spec.inputSize()))) {
      throw new IllegalArgumentException(
          "the encoder takes "
              + Arrays.toString(shape)
              + ", but the configured input size is "
              + spec.inputSize());
    }
  }

  private static boolean mismatch(long declared, int size) {
    return declared >= 0 && declared != size;
  }
}
