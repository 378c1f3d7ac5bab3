package dev.iqmon.segment;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.iqmon.roi.ModelFrame;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tensors of one decoder call; closing this closes them all. */
final class DecoderInputs implements AutoCloseable {

  private final OrtEnvironment env;
  private final DecoderSpec spec;
  private final DecoderLayout layout;
  private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();

  DecoderInputs(OrtEnvironment env, DecoderSpec spec, DecoderLayout layout) {
    this.env = env;
    this.spec = spec;
    this.layout = layout;
  }

  void put(String name, FloatBuffer values, long[] shape) throws OrtException {
    tensors.put(name, OnnxTensor.createTensor(env, values, shape));
  }

  void put(String name, float[] values, long[] shape) throws OrtException {
    put(name, FloatBuffer.wrap(values), shape);
  }

  /**
   * The inputs the decoder declares beyond embeddings and prompts: no mask input (zeros, flag 0),
   * and the image's size {@code [h, w]}.
   */
  void putOptional(ModelFrame frame, FloatBuffer maskZeros) throws OrtException {
    if (layout.declares(spec.maskInput())) {
      put(spec.maskInput(), maskZeros.duplicate(), layout.maskInputShape());
    }
    if (layout.declares(spec.hasMaskInput())) {
      put(spec.hasMaskInput(), new float[] {0}, new long[] {1});
    }
    if (layout.declares(spec.origImSize())) {
      long[] shape = {2};
      if (layout.sizeIsInt64()) {
        LongBuffer size = LongBuffer.wrap(new long[] {frame.imageHeight(), frame.imageWidth()});
        tensors.put(spec.origImSize(), OnnxTensor.createTensor(env, size, shape));
      } else {
        put(spec.origImSize(), new float[] {frame.imageHeight(), frame.imageWidth()}, shape);
      }
    }
  }

  Map<String, OnnxTensor> tensors() {
    return tensors;
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
  }
}
