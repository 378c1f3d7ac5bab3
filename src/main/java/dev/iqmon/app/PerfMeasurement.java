package dev.iqmon.app;

import java.util.Arrays;
import java.util.List;

/**
 * One timed pass over the benchmark's images. The first results of a pass are not timed (see {@link
 * #skipped}), so that starting up (threads, the consumer's first fetch, the first transaction) does
 * not count as the cost of images; both sides are timed the same way.
 *
 * @param images images timed: those whose results came after the untimed ones
 * @param wallNanos from the last untimed result to the last result
 * @param cpuNanos the process's CPU time over that span, all threads
 * @param p50Millis median time per image, all images of the pass
 * @param p99Millis 99th percentile time per image, all images of the pass
 */
record PerfMeasurement(
    int images, long wallNanos, long cpuNanos, double p50Millis, double p99Millis) {

  double imagesPerSecond() {
    return images / (wallNanos / 1e9);
  }

  double cpuSecondsPerImage() {
    return cpuNanos / 1e9 / images;
  }

  /** How many of a pass's first results are not timed: an eighth, at least one. */
  static int skipped(int images) {
    return Math.max(1, images / 8);
  }

  /** From per-image times in nanoseconds. */
  static PerfMeasurement of(long[] latencyNanos, int timed, long wallNanos, long cpuNanos) {
    long[] sorted = latencyNanos.clone();
    Arrays.sort(sorted);
    return new PerfMeasurement(
        timed,
        wallNanos,
        cpuNanos,
        sorted[rank(sorted.length, 0.5)] / 1e6,
        sorted[rank(sorted.length, 0.99)] / 1e6);
  }

  private static int rank(int n, double q) {
    return Math.max(0, Math.min(n - 1, (int) Math.ceil(n * q) - 1));
  }

  /** The median of each figure over repeated passes. */
  static PerfMeasurement median(List<PerfMeasurement> runs) {
    return new PerfMeasurement(
        runs.get(0).images(),
        (long) median(runs.stream().mapToDouble(PerfMeasurement::wallNanos).toArray()),
        (long) median(runs.stream().mapToDouble(PerfMeasurement::cpuNanos).toArray()),
        median(runs.stream().mapToDouble(PerfMeasurement::p50Millis).toArray()),
        median(runs.stream().mapToDouble(PerfMeasurement::p99Millis).toArray()));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
