package dev.iqmon.quality.learned;

import java.nio.FloatBuffer;

/**
 * Means of one image's cells, the ROI head's {@code global} and {@code local} inputs. The cells are
 * the encoder's {@code [channels, rows, columns]} floats for the image, from {@code offset} of the
 * buffer. Sums are kept in double; the local mean visits only the cells of the region's window, a
 * row of them at a time.
 */
final class CellPooling {

  private final FloatBuffer cells;
  private final int offset;
  private final int channels;
  private final CellGrid grid;

  CellPooling(FloatBuffer cells, int offset, int channels, CellGrid grid) {
    long needed = offset + (long) channels * grid.cells();
    if (needed > cells.limit()) {
      throw new IllegalArgumentException(
          "the cells buffer holds " + cells.limit() + " floats, " + needed + " are needed");
    }
    this.cells = cells;
    this.offset = offset;
    this.channels = channels;
    this.grid = grid;
  }

  /** The plain mean of every cell, per channel, written to {@code out[at..at + channels)}. */
  void mean(float[] out, int at) {
    int plane = grid.cells();
    float[] values = new float[plane];
    for (int ch = 0; ch < channels; ch++) {
      cells.get(offset + ch * plane, values, 0, plane);
      out[at + ch] = (float) (sum(values) / plane);
    }
  }

  /**
   * The weighted mean of the cells under the region, per channel, written to {@code out[at..at +
   * channels)}: the sum of weight times cell over the sum of the weights.
   */
  void weightedMean(CellWeights w, float[] out, int at) {
    double total = w.total();
    if (!(total > 0)) {
      throw new IllegalArgumentException("a region with no weight in any cell has no mean");
    }
    float[] row = new float[w.columns()];
    float[] weights = w.weights();
    int plane = grid.cells();
    for (int ch = 0; ch < channels; ch++) {
      double sum = 0;
      for (int r = 0; r < w.rows(); r++) {
        int from = offset + ch * plane + (w.row() + r) * grid.columns() + w.column();
        cells.get(from, row, 0, row.length);
        sum += dot(weights, r * w.columns(), row);
      }
      out[at + ch] = (float) (sum / total);
    }
  }

  // Four partial sums: one running sum would wait on the previous addition at every step.

  private static double sum(float[] values) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < values.length; i += 4) {
      s0 += values[i];
      s1 += values[i + 1];
      s2 += values[i + 2];
      s3 += values[i + 3];
    }
    for (; i < values.length; i++) {
      s0 += values[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The sum of {@code weights[from + i] * values[i]} over the values. */
  private static double dot(float[] weights, int from, float[] values) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < values.length; i += 4) {
      s0 += (double) weights[from + i] * values[i];
      s1 += (double) weights[from + i + 1] * values[i + 1];
      s2 += (double) weights[from + i + 2] * values[i + 2];
      s3 += (double) weights[from + i + 3] * values[i + 3];
    }
    for (; i < values.length; i++) {
      s0 += (double) weights[from + i] * values[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
