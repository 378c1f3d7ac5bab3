package dev.iqmon.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LevelDistributionTest {

  @ParameterizedTest
  @ValueSource(doubles = {0, 3.7, 20, 50, 64.2, 93.3, 100})
  void shouldGiveBackTheScoreItIsBuiltAround(double score) {
    LevelDistribution levels = LevelDistribution.around(score, 0.6);

    assertThat(levels.score()).isCloseTo(score, within(1e-6));
  }

  @ParameterizedTest
  @ValueSource(doubles = {10, 30, 50, 70, 90})
  void shouldPutMostWeightOnTheLevelOfTheScore(double score) {
    LevelDistribution levels = LevelDistribution.around(score, 0.6);

    ScoreLevel level = ScoreLevel.ofScore(score);
    assertThat(levels.probability(level)).isGreaterThan(0.5);
    for (ScoreLevel other : ScoreLevel.values()) {
      if (Math.abs(other.value() - level.value()) > 1) {
        assertThat(levels.probability(other)).isLessThan(0.05);
      }
    }
  }
}
