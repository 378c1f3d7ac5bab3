package dev.iqmon.quality.learned;

import dev.iqmon.image.RgbImage;
import java.util.Arrays;

/**
 * The resize of a whole image to {@code width x height} that the training code uses ({@code
 * common.resize}), aspect not kept: OpenCV's {@code INTER_AREA} when neither side grows, its {@code
 * INTER_LINEAR} otherwise. The learned model uses it for frames it shrinks to {@code
 * model.max-pixels} or enlarges to one cell; the benchmarks, to make images of a given size. Output
 * is interleaved RGB bytes, row by row, as OpenCV holds an 8-bit three-channel image.
 *
 * <p>The area resize reproduces OpenCV bit for bit (the tests hold it to fixtures OpenCV wrote):
 * with whole-number factors on both axes each output is the rounded mean of its block (a 2x2 block
 * rounds halves up, others to even); otherwise each output is the area-weighted mean of the inputs
 * it overlaps, weights in {@code float} and summed row by row in OpenCV's order, then rounded half
 * to even. The bilinear resize follows OpenCV's pixel-centre mapping, 11-bit fixed-point weights
 * and the rounding of its vectorised loop; OpenCV rounds the last few bytes of a row in plain code,
 * slightly differently, so a byte there can differ by one level (under 1% of them in the tests).
 */
public final class SquashResize {

  /** OpenCV's test for a whole-number factor compares with the double epsilon. */
  private static final double DOUBLE_EPSILON = Math.ulp(1.0);

  private static final int COEF_BITS = 11;
  private static final int COEF_SCALE = 1 << COEF_BITS;

  private SquashResize() {}

  /** The contract's resize: area when shrinking (or keeping) both sides, bilinear otherwise. */
  public static byte[] rgb(RgbImage image, int width, int height) {
    if (width <= image.width() && height <= image.height()) {
      return area(image, width, height);
    }
    return linear(image, width, height);
  }

  /** The same resize as {@link #rgb}, as an image. */
  public static RgbImage image(RgbImage image, int width, int height) {
    byte[] rgb = rgb(image, width, height);
    int[] pixels = new int[width * height];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = (rgb[3 * p] & 0xff) << 16 | (rgb[3 * p + 1] & 0xff) << 8 | rgb[3 * p + 2] & 0xff;
    }
    return new RgbImage(width, height, pixels);
  }

  /** OpenCV {@code INTER_AREA} for a shrink; {@code width, height} no larger than the image. */
  static byte[] area(RgbImage image, int width, int height) {
    if (width > image.width() || height > image.height() || width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "area resize shrinks: "
              + image.width()
              + "x"
              + image.height()
              + " to "
              + width
              + "x"
              + height);
    }
    double scaleX = 1.0 / ((double) width / image.width());
    double scaleY = 1.0 / ((double) height / image.height());
    long wholeX = Math.round(scaleX);
    long wholeY = Math.round(scaleY);
    if (Math.abs(scaleX - wholeX) < DOUBLE_EPSILON && Math.abs(scaleY - wholeY) < DOUBLE_EPSILON) {
      return wholeX == 2 && wholeY == 2
          ? halve(image, width, height)
          : blockMean(image, (int) wholeX, (int) wholeY, width, height);
    }
    return weightedArea(image, width, height);
  }

  /** Each output the mean of a 2x2 block, rounded half up (OpenCV's fixed-point 2x2 path). */
  private static byte[] halve(RgbImage image, int width, int height) {
    byte[] out = new byte[width * height * 3];
    int[] px = image.pixels();
    int w = image.width();
    for (int y = 0; y < height; y++) {
      int top = 2 * y * w;
      int bottom = top + w;
      for (int x = 0; x < width; x++) {
        int a = px[top + 2 * x];
        int b = px[top + 2 * x + 1];
        int c = px[bottom + 2 * x];
        int d = px[bottom + 2 * x + 1];
        int o = (y * width + x) * 3;
        for (int ch = 0, shift = 16; ch < 3; ch++, shift -= 8) {
          int sum =
              (a >> shift & 0xff) + (b >> shift & 0xff) + (c >> shift & 0xff) + (d >> shift & 0xff);
          out[o + ch] = (byte) ((sum + 2) >> 2);
        }
      }
    }
    return out;
  }

  /** Each output the mean of a whole block, scaled in float and rounded half to even. */
  private static byte[] blockMean(RgbImage image, int bx, int by, int width, int height) {
    byte[] out = new byte[width * height * 3];
    int[] px = image.pixels();
    int w = image.width();
    float scale = 1f / (bx * by);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < by; dy++) {
          int row = (y * by + dy) * w + x * bx;
          for (int dx = 0; dx < bx; dx++) {
            int p = px[row + dx];
            r += p >> 16 & 0xff;
            g += p >> 8 & 0xff;
            b += p & 0xff;
          }
        }
        int o = (y * width + x) * 3;
        out[o] = saturate(r * scale);
        out[o + 1] = saturate(g * scale);
        out[o + 2] = saturate(b * scale);
      }
    }
    return out;
  }

  /** Area-weighted means for factors that are not whole: rows across first, then down. */
  private static byte[] weightedArea(RgbImage image, int width, int height) {
    AreaWeights xs = AreaWeights.of(image.width(), width);
    AreaWeights ys = AreaWeights.of(image.height(), height);
    byte[] out = new byte[width * height * 3];
    float[] row = new float[width * 3];
    float[] sum = new float[width * 3];
    int[] px = image.pixels();
    int current = ys.target(0);
    for (int j = 0; j < ys.size(); j++) {
      accumulateRow(px, ys.source(j) * image.width(), xs, row);
      float beta = ys.weight(j);
      if (ys.target(j) != current) {
        for (int i = 0; i < sum.length; i++) {
          out[current * width * 3 + i] = saturate(sum[i]);
          sum[i] = beta * row[i];
        }
        current = ys.target(j);
      } else {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += beta * row[i];
        }
      }
    }
    for (int i = 0; i < sum.length; i++) {
      out[current * width * 3 + i] = saturate(sum[i]);
    }
    return out;
  }

  private static void accumulateRow(int[] px, int rowStart, AreaWeights xs, float[] row) {
    Arrays.fill(row, 0f);
    for (int k = 0; k < xs.size(); k++) {
      int p = px[rowStart + xs.source(k)];
      int d = xs.target(k) * 3;
      float a = xs.weight(k);
      row[d] = row[d] + (p >> 16 & 0xff) * a;
      row[d + 1] = row[d + 1] + (p >> 8 & 0xff) * a;
      row[d + 2] = row[d + 2] + (p & 0xff) * a;
    }
  }

  /** OpenCV {@code INTER_LINEAR} with its pixel-centre mapping and 11-bit fixed-point weights. */
  static byte[] linear(RgbImage image, int width, int height) {
    LinearTaps xs = LinearTaps.of(image.width(), width);
    LinearTaps ys = LinearTaps.of(image.height(), height);
    int[] px = image.pixels();
    int w = image.width();
    byte[] out = new byte[width * height * 3];
    int[] upper = new int[width * 3];
    int[] lower = new int[width * 3];
    for (int y = 0; y < height; y++) {
      horizontal(px, ys.first[y] * w, xs, upper);
      horizontal(px, ys.second[y] * w, xs, lower);
      int b0 = ys.weight0[y];
      int b1 = ys.weight1[y];
      int o = y * width * 3;
      for (int i = 0; i < upper.length; i++) {
        // OpenCV's vectorised rounding: each row's term in 16 bits, then the sum rounded.
        int v = ((((upper[i] >> 4) * b0) >> 16) + (((lower[i] >> 4) * b1) >> 16) + 2) >> 2;
        out[o + i] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    return out;
  }

  private static void horizontal(int[] px, int rowStart, LinearTaps xs, int[] out) {
    for (int x = 0; x < xs.first.length; x++) {
      int p = px[rowStart + xs.first[x]];
      int q = px[rowStart + xs.second[x]];
      int a0 = xs.weight0[x];
      int a1 = xs.weight1[x];
      int o = x * 3;
      out[o] = (p >> 16 & 0xff) * a0 + (q >> 16 & 0xff) * a1;
      out[o + 1] = (p >> 8 & 0xff) * a0 + (q >> 8 & 0xff) * a1;
      out[o + 2] = (p & 0xff) * a0 + (q & 0xff) * a1;
    }
  }

  /** Rounds half to even and clamps to a byte, as OpenCV's {@code saturate_cast<uchar>(float)}. */
  private static byte saturate(float v) {
    long r = (long) Math.rint(v);
    return (byte) Math.max(0, Math.min(255, r));
  }

  /** Source pairs and fixed-point weights of a bilinear resize along one axis. */
  private static final class LinearTaps {
    final int[] first;
    final int[] second;
    final int[] weight0;
    final int[] weight1;

    private LinearTaps(int n) {
      first = new int[n];
      second = new int[n];
      weight0 = new int[n];
      weight1 = new int[n];
    }

    static LinearTaps of(int inLength, int outLength) {
      double scale = 1.0 / ((double) outLength / inLength);
      LinearTaps taps = new LinearTaps(outLength);
      for (int o = 0; o < outLength; o++) {
        float f = (float) ((o + 0.5) * scale - 0.5);
        int s = (int) Math.floor(f);
        f -= s;
        if (s < 0) {
          f = 0;
          s = 0;
        }
        if (s >= inLength - 1) {
          f = 0;
          s = inLength - 1;
        }
        taps.first[o] = s;
        taps.second[o] = Math.min(s + 1, inLength - 1);
        taps.weight0[o] = (int) Math.rint((1f - f) * COEF_SCALE);
        taps.weight1[o] = (int) Math.rint(f * COEF_SCALE);
      }
      return taps;
    }
  }
}
