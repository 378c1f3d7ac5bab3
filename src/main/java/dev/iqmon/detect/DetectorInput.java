package dev.iqmon.detect;

import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.learned.SquashResize;
import java.nio.FloatBuffer;

/**
 * Writes a detector's input for one decoded image: letterboxed (scaled with OpenCV's area
 * averaging, as the conversion check feeds the models) and normalised per channel, {@code (pixel -
 * mean) / std}, planes in the contract's channel order.
 */
public final class DetectorInput {

  private DetectorInput() {}

  /** Puts {@code 3 x size x size} floats into {@code out}; returns where the image went. */
  public static Letterbox put(RgbImage image, DetectorContract contract, FloatBuffer out) {
    int size = contract.inputSize();
    Letterbox box = Letterbox.fit(image.width(), image.height(), size);
    byte[] rgb = SquashResize.rgb(image, box.width(), box.height());
    int[] shift = contract.bgr() ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
    float[] plane = new float[size * size];
    for (int c = 0; c < 3; c++) {
      float mean = contract.mean()[c];
      float scale = 1f / contract.std()[c];
      java.util.Arrays.fill(plane, -mean * scale);
      for (int y = 0; y < box.height(); y++) {
        int row = (box.top() + y) * size + box.left();
        int from = y * box.width() * 3 + shift[c];
        for (int x = 0; x < box.width(); x++) {
          plane[row + x] = ((rgb[from + 3 * x] & 0xff) - mean) * scale;
        }
      }
      out.put(plane);
    }
    return box;
  }
}
