package dev.iqmon.quality.learned;

import dev.iqmon.image.RgbImage;
import java.nio.FloatBuffer;

/**
 * Writes the encoder's input for one image: three planes, red, green and blue, of {@code value /
 * 255} in float arithmetic, as the training code computes them (no mean or standard deviation).
 */
final class ImageTensor {

  private static final float[] SCALED = new float[256];

  static {
    for (int v = 0; v < SCALED.length; v++) {
      SCALED[v] = v / 255f;
    }
  }

  private ImageTensor() {}

  /** Appends {@code [3, height, width]} floats for the image to {@code out}. */
  static void write(RgbImage image, FloatBuffer out) {
    int[] px = image.pixels();
    float[] plane = new float[px.length];
    for (int shift = 16; shift >= 0; shift -= 8) {
      for (int i = 0; i < px.length; i++) {
        plane[i] = SCALED[px[i] >> shift & 0xff];
      }
      out.put(plane);
    }
  }
}
