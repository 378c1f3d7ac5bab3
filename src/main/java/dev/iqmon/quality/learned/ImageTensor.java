package dev.iqmon.quality.learned;

import java.nio.FloatBuffer;

/**
 * Writes the encoder's input for one image: its {@code S x S} RGB bytes as three planes of {@code
 * (value / 255 - mean[c]) / std[c]}, in float arithmetic as the training code computes them.
 */
final class ImageTensor {

  private ImageTensor() {}

  /** Appends {@code [3, S, S]} floats for the interleaved RGB bytes to {@code out}. */
  static void write(byte[] rgb, int size, float[] mean, float[] std, FloatBuffer out) {
    int plane = size * size;
    if (rgb.length != plane * 3) {
      throw new IllegalArgumentException(
          "expected " + plane * 3 + " RGB bytes for " + size + "x" + size + ", got " + rgb.length);
    }
    float[] values = new float[plane];
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float s = std[c];
      for (int i = 0; i < plane; i++) {
        values[i] = ((rgb[i * 3 + c] & 0xff) / 255f - m) / s;
      }
      out.put(values);
    }
  }
}
