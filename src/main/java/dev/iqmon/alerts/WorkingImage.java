package dev.iqmon.alerts;

import dev.iqmon.image.RgbImage;

/**
 * A frame shrunk by an integer factor (the mean of each block of pixels, which also averages out
 * sensor noise) to about a given size, as brightness and colour planes, with the statistics of any
 * rectangle of it.
 */
final class WorkingImage {

  /** The statistics of one cell: orientation energy per bin, means and spreads. */
  record CellStats(
      double[] orientations,
      double gradient,
      double luma,
      double lumaSpread,
      double red,
      double green,
      double blue) {}

  private final int width;
  private final int height;
  private final float[] luma;
  private final float[][] rgb;

  private WorkingImage(int width, int height, float[] luma, float[][] rgb) {
    this.width = width;
    this.height = height;
    this.luma = luma;
    this.rgb = rgb;
  }

  static WorkingImage of(RgbImage image, int longSide) {
    int factor =
        Math.max(1, Math.round(Math.max(image.width(), image.height()) / (float) longSide));
    int w = image.width() / factor;
    int h = image.height() / factor;
    float[][] rgb = new float[3][w * h];
    float[] luma = new float[w * h];
    float area = factor * factor;
    int[] pixels = image.pixels();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < factor; dy++) {
          int row = (y * factor + dy) * image.width() + x * factor;
          for (int dx = 0; dx < factor; dx++) {
            int p = pixels[row + dx];
            r += p >> 16 & 0xff;
            g += p >> 8 & 0xff;
            b += p & 0xff;
          }
        }
        int i = y * w + x;
        rgb[0][i] = r / area;
        rgb[1][i] = g / area;
        rgb[2][i] = b / area;
        luma[i] = 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
      }
    }
    return new WorkingImage(w, h, luma, rgb);
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /**
   * The statistics of the cell [x0, x1) x [y0, y1). Gradients are central differences (clamped at
   * the frame's border); each pixel's gradient strength is split between the two orientation bins
   * nearest to its direction.
   */
  CellStats cell(int x0, int x1, int y0, int y1, int bins) {
    double[] orientations = new double[bins];
    double gradient = 0;
    double sum = 0;
    double sumSq = 0;
    double[] colour = new double[3];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int i = y * width + x;
        double gx = (at(x + 1, y) - at(x - 1, y)) / 2;
        double gy = (at(x, y + 1) - at(x, y - 1)) / 2;
        double m = Math.hypot(gx, gy);
        if (m > 0) {
          double angle = Math.atan2(gy, gx);
          double position = ((angle < 0 ? angle + Math.PI : angle) / Math.PI) * bins - 0.5;
          int low = (int) Math.floor(position);
          double frac = position - low;
          orientations[Math.floorMod(low, bins)] += m * (1 - frac);
          orientations[Math.floorMod(low + 1, bins)] += m * frac;
        }
        gradient += m;
        sum += luma[i];
        sumSq += luma[i] * (double) luma[i];
        for (int c = 0; c < 3; c++) {
          colour[c] += rgb[c][i];
        }
      }
    }
    int n = Math.max(1, (x1 - x0) * (y1 - y0));
    double mean = sum / n;
    return new CellStats(
        orientations,
        gradient / n,
        mean,
        Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
        colour[0] / n,
        colour[1] / n,
        colour[2] / n);
  }

  private double at(int x, int y) {
    int cx = Math.max(0, Math.min(width - 1, x));
    int cy = Math.max(0, Math.min(height - 1, y));
    return luma[cy * width + cx];
  }
}
