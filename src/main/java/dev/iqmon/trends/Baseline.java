package dev.iqmon.trends;

/**
 * The usual quality of a feed and ROI label: an exponentially weighted moving average of the means
 * of its closed windows, and how many windows it has seen. A baseline is only trusted once it has
 * seen enough windows ({@link #warm}).
 */
public record Baseline(double mean, long windows, long updatedAt) {

  public Baseline {
    if (windows < 0) {
      throw new IllegalArgumentException("windows must be >= 0");
    }
  }

  /** The baseline after one more window mean, weighted {@code alpha} (0..1]. */
  public static Baseline update(Baseline previous, double windowMean, double alpha, long at) {
    if (previous == null || previous.windows == 0) {
      return new Baseline(windowMean, 1, at);
    }
    return new Baseline(
        previous.mean + alpha * (windowMean - previous.mean), previous.windows + 1, at);
  }

  public boolean warm(int warmUpWindows) {
    return windows >= warmUpWindows;
  }
}
