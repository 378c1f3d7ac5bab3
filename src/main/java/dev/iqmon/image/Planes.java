package dev.iqmon.image;

import java.util.Arrays;

/**
 * Pixel arithmetic on float planes (one value per pixel, row by row, 0..255): splitting packed RGB,
 * luma, and a separable Gaussian blur with extended edges.
 */
public final class Planes {

  private static final double KERNEL_RADIUS_SIGMAS = 3.0;

  private Planes() {}

  /** Luma of a packed {@code 0xRRGGBB} pixel with the BT.601 weights JPEG uses, 0..255. */
  public static double luma(int rgb) {
    return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
  }

  /** Rounds to the nearest integer in 0..255. */
  public static int clampByte(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }

  /** The red, green and blue planes of an image. */
  public static float[][] split(RgbImage image) {
    int[] pixels = image.pixels();
    float[][] planes = new float[3][pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      planes[0][i] = pixels[i] >> 16 & 0xff;
      planes[1][i] = pixels[i] >> 8 & 0xff;
      planes[2][i] = pixels[i] & 0xff;
    }
    return planes;
  }

  /** An image from red, green and blue planes, rounded and clamped to 0..255. */
  public static RgbImage join(float[][] planes, int width, int height) {
    int[] pixels = new int[width * height];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] =
          BufferedImages.pack(
              clampByte(planes[0][i]), clampByte(planes[1][i]), clampByte(planes[2][i]));
    }
    return new RgbImage(width, height, pixels);
  }

  /** Blurs the plane in place with a Gaussian of {@code sigma} pixels, edges extended. */
  public static void gaussianBlur(float[] plane, int width, int height, double sigma) {
    float[] kernel = gaussianKernel(sigma);
    float[] scratch = new float[plane.length];
    convolveRows(plane, scratch, width, height, kernel);
    convolveColumns(scratch, plane, width, height, kernel);
  }

  /** A normalised Gaussian kernel of odd length, radius three sigmas (at least 1). */
  static float[] gaussianKernel(double sigma) {
    int radius = Math.max(1, (int) Math.ceil(KERNEL_RADIUS_SIGMAS * sigma));
    float[] kernel = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      double w = Math.exp(-(i * i) / (2 * sigma * sigma));
      kernel[i + radius] = (float) w;
      sum += w;
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= (float) sum;
    }
    return kernel;
  }

  /** Tap by tap over whole rows, so the inner loop is a plain multiply-add the JIT vectorises. */
  private static void convolveRows(float[] in, float[] out, int width, int height, float[] k) {
    int radius = k.length / 2;
    Arrays.fill(out, 0f);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      int from = Math.min(radius, width);
      int to = Math.max(from, width - radius);
      for (int i = 0; i < k.length; i++) {
        float w = k[i];
        int shift = row + i - radius;
        for (int x = from; x < to; x++) {
          out[row + x] += w * in[shift + x];
        }
      }
      for (int x = 0; x < width; x++) {
        if (x < from || x >= to) {
          out[row + x] = clampedRowSum(in, row, width, x, k);
        }
      }
    }
  }

  private static float clampedRowSum(float[] in, int row, int width, int x, float[] k) {
    int radius = k.length / 2;
    float sum = 0;
    for (int i = -radius; i <= radius; i++) {
      sum += k[i + radius] * in[row + Math.min(width - 1, Math.max(0, x + i))];
    }
    return sum;
  }

  /** Row by row, each output row a weighted sum of whole input rows: cache-friendly. */
  private static void convolveColumns(float[] in, float[] out, int width, int height, float[] k) {
    int radius = k.length / 2;
    for (int y = 0; y < height; y++) {
      int row = y * width;
      Arrays.fill(out, row, row + width, 0f);
      for (int i = -radius; i <= radius; i++) {
        int from = Math.min(height - 1, Math.max(0, y + i)) * width;
        float w = k[i + radius];
        for (int x = 0; x < width; x++) {
          out[row + x] += w * in[from + x];
        }
      }
    }
  }
}
