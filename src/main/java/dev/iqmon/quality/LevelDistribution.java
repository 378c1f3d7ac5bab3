package dev.iqmon.quality;

import java.util.Arrays;

/**
 * Probabilities of the five quality levels (Q-Align). The score is their weighted mean of the level
 * values 1..5, mapped linearly to 0..100.
 */
public record LevelDistribution(double[] probabilities) {

  private static final double TOLERANCE = 1e-4;

  public LevelDistribution {
    if (probabilities.length != ScoreLevel.values().length) {
      throw new IllegalArgumentException(
          "expected 5 level probabilities, got " + probabilities.length);
    }
    double sum = 0;
    for (double p : probabilities) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "level probability out of [0, 1]: " + Arrays.toString(probabilities));
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > TOLERANCE) {
      throw new IllegalArgumentException("level probabilities sum to " + sum + ", not 1");
    }
    probabilities = probabilities.clone();
  }

  /** Softmax over the five level logits. */
  public static LevelDistribution fromLogits(float[] logits) {
    if (logits.length != ScoreLevel.values().length) {
      throw new IllegalArgumentException("expected 5 level logits, got " + logits.length);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return new LevelDistribution(p);
  }

  /**
   * A distribution concentrated around a known score: a Gaussian over the level values with a
   * standard deviation of {@code spread} levels, centred so that {@link #score()} gives back {@code
   * score} (clamped to 0..100) to within 1e-9. For models that produce a score first, such as the
   * classical one.
   */
  public static LevelDistribution around(double score, double spread) {
    if (!(spread > 0)) {
      throw new IllegalArgumentException("spread must be > 0, got " + spread);
    }
    double target = 1 + Math.max(0, Math.min(100, score)) / 25.0;
    // The mean level rises with the centre; a centre far outside 1..5 pins the mean to an end.
    double low = -20;
    double high = 26;
    for (int i = 0; i < 100; i++) {
      double mid = (low + high) / 2;
      if (new LevelDistribution(gaussian(mid, spread)).expectedLevel() < target) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return new LevelDistribution(gaussian((low + high) / 2, spread));
  }

  private static double[] gaussian(double centre, double spread) {
    ScoreLevel[] levels = ScoreLevel.values();
    double[] p = new double[levels.length];
    double max = Double.NEGATIVE_INFINITY;
    for (ScoreLevel level : levels) {
      double z = (level.value() - centre) / spread;
      p[level.ordinal()] = -0.5 * z * z;
      max = Math.max(max, p[level.ordinal()]);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(p[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  public double probability(ScoreLevel level) {
    return probabilities[level.ordinal()];
  }

  /** The expected level value, 1..5. */
  public double expectedLevel() {
    double mean = 0;
    for (ScoreLevel level : ScoreLevel.values()) {
      mean += probabilities[level.ordinal()] * level.value();
    }
    return mean;
  }

  /** The score, 0..100: the expected level mapped from 1..5. */
  public double score() {
    return (expectedLevel() - 1) * 25.0;
  }

  public ScoreLevel level() {
    return ScoreLevel.ofScore(score());
  }

  @Override
  public double[] probabilities() {
    return probabilities.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LevelDistribution that
        && Arrays.equals(probabilities, that.probabilities);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "LevelDistribution" + Arrays.toString(probabilities);
  }
}
