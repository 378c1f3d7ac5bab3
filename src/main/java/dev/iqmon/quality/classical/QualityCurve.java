package dev.iqmon.quality.classical;

import java.util.Arrays;

/**
 * How one indicator alone maps to quality, 0..100, by linear interpolation between calibrated
 * anchors. Quality changes strictly between the first and the last anchor and stays at the end
 * values beyond them.
 */
final class QualityCurve {

  private final double[] xs;
  private final double[] qualities;

  private QualityCurve(double[] xs, double[] qualities) {
    this.xs = xs;
    this.qualities = qualities;
  }

  /**
   * A curve through {@code (x, quality)} pairs given in increasing {@code x}; quality must move
   * strictly one way and lie in (0, 100].
   */
  static QualityCurve through(double... pairs) {
    if (pairs.length < 4 || pairs.length % 2 != 0) {
      throw new IllegalArgumentException("need two or more (x, quality) pairs");
    }
    int n = pairs.length / 2;
    double[] xs = new double[n];
    double[] qualities = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = pairs[2 * i];
      qualities[i] = pairs[2 * i + 1];
      if (!(qualities[i] > 0 && qualities[i] <= 100)) {
        throw new IllegalArgumentException("quality out of (0, 100]: " + qualities[i]);
      }
    }
    double direction = Math.signum(qualities[1] - qualities[0]);
    for (int i = 1; i < n; i++) {
      if (!(xs[i] > xs[i - 1]) || Math.signum(qualities[i] - qualities[i - 1]) != direction) {
        throw new IllegalArgumentException(
            "anchors are not strictly monotone: " + Arrays.toString(pairs));
      }
    }
    return new QualityCurve(xs, qualities);
  }

  /** The quality of an indicator value, 0..100. */
  double quality(double x) {
    if (x <= xs[0]) {
      return qualities[0];
    }
    for (int i = 1; i < xs.length; i++) {
      if (x <= xs[i]) {
        double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return qualities[i - 1] + t * (qualities[i] - qualities[i - 1]);
      }
    }
    return qualities[qualities.length - 1];
  }

  /** The damage {@code -ln(quality / 100)}: 0 for a flawless value, additive like log-odds. */
  double damage(double x) {
    return -Math.log(quality(x) / 100);
  }
}
