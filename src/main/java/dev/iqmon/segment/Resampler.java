package dev.iqmon.segment;

import dev.iqmon.image.RgbImage;

/**
 * Resizes an image with a triangle (bilinear) filter whose support widens when shrinking, so that a
 * downscaled image is averaged rather than aliased. Separable: rows first, then columns.
 */
final class Resampler {

  private Resampler() {}

  /** The image at {@code width x height} as three planes (R, G, B) of floats in 0..255. */
  static float[][] resize(RgbImage image, int width, int height) {
    float[][] planes = planes(image);
    if (width == image.width() && height == image.height()) {
      return planes;
    }
    Taps xs = Taps.of(image.width(), width);
    Taps ys = Taps.of(image.height(), height);
    float[][] out = new float[3][];
    for (int c = 0; c < 3; c++) {
      float[] rows = new float[image.height() * width];
      for (int y = 0; y < image.height(); y++) {
        xs.apply(planes[c], y * image.width(), rows, y * width, width);
      }
      out[c] = new float[height * width];
      for (int y = 0; y < height; y++) {
        ys.blendRows(rows, width, y, out[c]);
      }
    }
    return out;
  }

  private static float[][] planes(RgbImage image) {
    int n = image.width() * image.height();
    float[][] planes = new float[3][n];
    int[] pixels = image.pixels();
    for (int i = 0; i < n; i++) {
      int p = pixels[i];
      planes[0][i] = (p >> 16) & 0xff;
      planes[1][i] = (p >> 8) & 0xff;
      planes[2][i] = p & 0xff;
    }
    return planes;
  }

  /** For each output sample, the first input sample it reads and the normalised weights. */
  private record Taps(int[] first, float[][] weights) {

    static Taps of(int in, int out) {
      double scale = in / (double) out;
      double support = Math.max(1, scale);
      int[] first = new int[out];
      float[][] weights = new float[out][];
      for (int o = 0; o < out; o++) {
        double centre = (o + 0.5) * scale;
        int from = Math.max(0, (int) Math.floor(centre - support + 0.5));
        int to = Math.min(in, (int) Math.floor(centre + support + 0.5));
        double[] w = new double[Math.max(1, to - from)];
        double sum = 0;
        for (int i = from; i < to; i++) {
          w[i - from] = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
          sum += w[i - from];
        }
        first[o] = Math.min(from, in - 1);
        weights[o] = new float[w.length];
        for (int i = 0; i < w.length; i++) {
          weights[o][i] = (float) (sum > 0 ? w[i] / sum : 1.0 / w.length);
        }
      }
      return new Taps(first, weights);
    }

    /** Resamples one row: {@code n} outputs from the row starting at {@code srcStart}. */
    void apply(float[] src, int srcStart, float[] dst, int dstStart, int n) {
      for (int o = 0; o < n; o++) {
        float sum = 0;
        float[] w = weights[o];
        int s = srcStart + first[o];
        for (int t = 0; t < w.length; t++) {
          sum += w[t] * src[s + t];
        }
        dst[dstStart + o] = sum;
      }
    }

    /**
     * Output row {@code o} as the weighted sum of whole input rows of {@code width}, row by row so
     * the inner loop runs along memory.
     */
    void blendRows(float[] rows, int width, int o, float[] dst) {
      int to = o * width;
      float[] w = weights[o];
      for (int t = 0; t < w.length; t++) {
        float wt = w[t];
        int from = (first[o] + t) * width;
        for (int x = 0; x < width; x++) {
          dst[to + x] += wt * rows[from + x];
        }
      }
    }
  }
}
