package dev.iqmon.segment;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.ModelFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The image encoder's input for one image, laid out as its {@link EncoderSpec} says: values in a
 * direct, native-order buffer (ready for ONNX Runtime without a copy) and the tensor's shape.
 */
record EncoderInput(FloatBuffer values, long[] shape) {

  static EncoderInput of(RgbImage image, EncoderSpec spec) {
    if (spec.layout() == EncoderLayout.ORIGINAL) {
      float[][] planes = Resampler.resize(image, image.width(), image.height());
      return chw(planes, image.width(), image.height(), image.width(), image.height(), spec);
    }
    ModelFrame frame = new ModelFrame(image.width(), image.height(), spec.inputSize());
    int w = frame.resizedWidth();
    int h = frame.resizedHeight();
    float[][] planes = Resampler.resize(image, w, h);
    if (spec.layout() == EncoderLayout.RESIZED_HWC) {
      return hwc(planes, w, h, spec);
    }
    return chw(planes, w, h, spec.inputSize(), spec.inputSize(), spec);
  }

  /** Planes normalised into {@code [1, 3, outH, outW]}, zero beyond {@code w x h}. */
  private static EncoderInput chw(
      float[][] planes, int w, int h, int outW, int outH, EncoderSpec spec) {
    FloatBuffer out = allocate(3 * outW * outH);
    float[] mean = spec.mean();
    float[] std = spec.std();
    float[] row = new float[w];
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float inv = 1f / std[c];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          row[x] = (planes[c][y * w + x] - m) * inv;
        }
        out.put(c * outW * outH + y * outW, row, 0, w);
      }
    }
    return new EncoderInput(out, new long[] {1, 3, outH, outW});
  }

  private static EncoderInput hwc(float[][] planes, int w, int h, EncoderSpec spec) {
    FloatBuffer out = allocate(3 * w * h);
    float[] mean = spec.mean();
    float[] std = spec.std();
    for (int i = 0; i < w * h; i++) {
      for (int c = 0; c < 3; c++) {
        out.put(i * 3 + c, (planes[c][i] - mean[c]) / std[c]);
      }
    }
    return new EncoderInput(out, new long[] {h, w, 3});
  }

  static FloatBuffer allocate(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
