package dev.iqmon.quality;

/**
 * The five quality levels, worst first; each covers a fifth of the 0..100 score range. Output
 * records carry it as the Avro {@code QualityLevel}.
 */
public enum ScoreLevel {
  BAD,
  POOR,
  FAIR,
  GOOD,
  EXCELLENT;

  /** The level's value on the 1..5 scale. */
  public int value() {
    return ordinal() + 1;
  }

  /** The level whose fifth of 0..100 holds the score (a score of exactly 100 is EXCELLENT). */
  public static ScoreLevel ofScore(double score) {
    int index = (int) Math.floor(Math.max(0, Math.min(100, score)) / 20.0);
    return values()[Math.min(index, values().length - 1)];
  }
}
