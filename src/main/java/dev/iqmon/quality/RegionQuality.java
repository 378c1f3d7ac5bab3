package dev.iqmon.quality;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The quality of one region: level probabilities (and the score they give), the probability of each
 * distortion type, how much the region matters, and the classical measurements that explain it.
 */
public record RegionQuality(
    LevelDistribution levels,
    Map<Distortion, Double> distortions,
    double importance,
    Map<String, Double> indicators) {

  /** A distortion is named as the region's main one at or above this probability. */
  public static final double MAIN_DISTORTION_MIN = 0.5;

  public RegionQuality {
    Objects.requireNonNull(levels, "levels");
    distortions = Map.copyOf(distortions);
    indicators = Map.copyOf(indicators);
    if (!(importance >= 0 && importance <= 1)) {
      throw new IllegalArgumentException("importance out of [0, 1]: " + importance);
    }
    distortions.forEach(
        (type, p) -> {
          if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(type.key() + " probability out of [0, 1]: " + p);
          }
        });
  }

  public double score() {
    return levels.score();
  }

  public ScoreLevel level() {
    return levels.level();
  }

  /** The likeliest distortion, if it reaches {@link #MAIN_DISTORTION_MIN}. */
  public Optional<Distortion> mainDistortion() {
    return distortions.entrySet().stream()
        .filter(e -> e.getValue() >= MAIN_DISTORTION_MIN)
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey);
  }
}
