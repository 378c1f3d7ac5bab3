package dev.iqmon.roi;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Fills polygons into masks. A pixel is inside when its centre is, by the even-odd rule, so a
 * polygon along pixel edges covers exactly the pixels it encloses.
 */
public final class PolygonRasterizer {

  private PolygonRasterizer() {}

  /**
   * The mask of a polygon given as {@code [x, y]} pairs in pixels, clipped to the image; empty when
   * it covers no pixel centre.
   */
  public static Optional<RegionMask> fill(List<double[]> polygon, int imageWidth, int imageHeight) {
    if (polygon.size() < 3) {
      throw new IllegalArgumentException(
          "a polygon needs at least 3 points, got " + polygon.size());
    }
    int top = clamp((int) Math.floor(minY(polygon)), imageHeight);
    int bottom = clamp((int) Math.ceil(maxY(polygon)), imageHeight);
    BitSet rows = new BitSet();
    int minX = Integer.MAX_VALUE;
    int maxX = -1;
    int minRow = Integer.MAX_VALUE;
    int maxRow = -1;
    int[][] spans = new int[Math.max(0, bottom - top)][];
    for (int y = top; y < bottom; y++) {
      int[] span = rowSpans(polygon, y + 0.5, imageWidth);
      spans[y - top] = span;
      for (int i = 0; i + 1 < span.length; i += 2) {
        if (span[i] < span[i + 1]) {
          minX = Math.min(minX, span[i]);
          maxX = Math.max(maxX, span[i + 1]);
          minRow = Math.min(minRow, y);
          maxRow = Math.max(maxRow, y);
          rows.set(y);
        }
      }
    }
    if (maxX < 0) {
      return Optional.empty();
    }
    PixelBox bounds = new PixelBox(minX, minRow, maxX - minX, maxRow - minRow + 1);
    BitSet bits = new BitSet();
    for (int y = minRow; y <= maxRow; y++) {
      int[] span = spans[y - top];
      for (int i = 0; i + 1 < span.length; i += 2) {
        int row = (y - minRow) * bounds.width();
        bits.set(row + span[i] - minX, row + span[i + 1] - minX);
      }
    }
    return Optional.of(new RegionMask(bounds, bits));
  }

  /**
   * Pairs {@code [from, to)} of pixel columns whose centres lie inside, along the row at {@code
   * cy}.
   */
  private static int[] rowSpans(List<double[]> polygon, double cy, int imageWidth) {
    double[] crossings = new double[polygon.size()];
    int n = 0;
    for (int i = 0; i < polygon.size(); i++) {
      double[] a = polygon.get(i);
      double[] b = polygon.get((i + 1) % polygon.size());
      if ((a[1] <= cy) != (b[1] <= cy)) {
        crossings[n++] = a[0] + (cy - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
      }
    }
    Arrays.sort(crossings, 0, n);
    int[] spans = new int[n - n % 2];
    for (int i = 0; i + 1 < n; i += 2) {
      // Columns whose centre x + 0.5 lies in [left, right).
      spans[i] = clamp((int) Math.ceil(crossings[i] - 0.5), imageWidth);
      spans[i + 1] = clamp((int) Math.ceil(crossings[i + 1] - 0.5), imageWidth);
    }
    return spans;
  }

  private static int clamp(int v, int limit) {
    return Math.max(0, Math.min(limit, v));
  }

  private static double minY(List<double[]> polygon) {
    return polygon.stream().mapToDouble(p -> p[1]).min().orElseThrow();
  }

  private static double maxY(List<double[]> polygon) {
    return polygon.stream().mapToDouble(p -> p[1]).max().orElseThrow();
  }
}
