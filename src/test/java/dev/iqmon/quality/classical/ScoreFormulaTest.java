package dev.iqmon.quality.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.quality.Distortion;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

class ScoreFormulaTest {

  private static final Indicators FLAWLESS = new Indicators(0.95, 0.3, 0, 0, 0, 0.9, 40, 0.45);

  /** Each indicator alone, from flawless to ruined. */
  private static final List<DoubleFunction<Indicators>> WORSENING =
      List.of(
          t -> with(FLAWLESS, 0.95 * (1 - t), -1, -1, -1, -1, -1, -1, -1),
          t -> with(FLAWLESS, -1, 0.3 + 60 * t, -1, -1, -1, -1, -1, -1),
          t -> with(FLAWLESS, -1, -1, 8 * t, -1, -1, -1, -1, -1),
          t -> with(FLAWLESS, -1, -1, -1, t, -1, -1, -1, -1),
          t -> with(FLAWLESS, -1, -1, -1, -1, t, -1, -1, -1),
          t -> with(FLAWLESS, -1, -1, -1, -1, -1, 0.9 * (1 - t), -1, -1),
          t -> with(FLAWLESS, -1, -1, -1, -1, -1, -1, 40 * (1 - t), -1),
          t -> with(FLAWLESS, -1, -1, -1, -1, -1, -1, -1, 0.45 * (1 - t)),
          t -> with(FLAWLESS, -1, -1, -1, -1, -1, -1, -1, 0.45 + 0.55 * t));

  @Test
  void shouldGiveAFlawlessRegionOneHundred() {
    assertThat(ScoreFormula.assess(FLAWLESS).score()).isCloseTo(100, within(1e-9));
  }

  @Test
  void shouldNeverRaiseTheScoreAsAnyIndicatorWorsens() {
    for (DoubleFunction<Indicators> worsen : WORSENING) {
      double previous = 101;
      for (double t = 0; t <= 1.0001; t += 0.01) {
        double score = ScoreFormula.assess(worsen.apply(t)).score();
        assertThat(score).as("%s", worsen.apply(t)).isLessThanOrEqualTo(previous);
        previous = score;
      }
      assertThat(previous).as("ruined %s", worsen.apply(1)).isLessThan(100);
    }
  }

  @Test
  void shouldRuinTheScoreThroughAnyIndicatorButColour() {
    for (DoubleFunction<Indicators> worsen : WORSENING) {
      Indicators ruined = worsen.apply(1);
      double score = ScoreFormula.assess(ruined).score();
      if (ruined.colorfulness() == 0) {
        assertThat(score).as("a grey picture is not a bad one").isBetween(80.0, 95.0);
      } else {
        assertThat(score).as("%s", ruined).isLessThan(60);
      }
    }
  }

  @Test
  void shouldScoreTwoDamagesBelowEitherAlone() {
    Indicators blurred = with(FLAWLESS, 0.5, -1, -1, -1, -1, -1, -1, -1);
    Indicators noisy = with(FLAWLESS, -1, 10, -1, -1, -1, -1, -1, -1);
    Indicators both = with(FLAWLESS, 0.5, 10, -1, -1, -1, -1, -1, -1);

    double bothScore = ScoreFormula.assess(both).score();

    assertThat(bothScore)
        .isLessThan(ScoreFormula.assess(blurred).score())
        .isLessThan(ScoreFormula.assess(noisy).score());
  }

  @Test
  void shouldGiveEvenEvidenceWhereATypeAloneCostsOneLevel() {
    var assessment =
        new ScoreFormula.Assessment(80, Map.of(Distortion.BLUR, ScoreFormula.ONE_LEVEL));

    assertThat(assessment.evidence().get(Distortion.BLUR)).isCloseTo(0.5, within(1e-9));
    assertThat(assessment.evidence().get(Distortion.NOISE)).isZero();
  }

  @Test
  void shouldPointTheEvidenceAtTheDamagedIndicator() {
    var evidence = ScoreFormula.assess(with(FLAWLESS, 0.3, -1, -1, -1, -1, -1, -1, -1)).evidence();

    assertThat(evidence.get(Distortion.BLUR)).isGreaterThan(0.9);
    assertThat(evidence.get(Distortion.NOISE)).isLessThan(0.05);
    assertThat(evidence.get(Distortion.COMPRESSION)).isLessThan(0.05);
  }

  /** A copy with the given values; -1 keeps the base value. */
  private static Indicators with(Indicators base, double... values) {
    double[] v = {
      base.sharpness(), base.noise(), base.blockiness(), base.clippedHighlights(),
      base.clippedShadows(), base.contrast(), base.colorfulness(), base.brightness()
    };
    for (int i = 0; i < v.length; i++) {
      if (values[i] != -1) {
        v[i] = values[i];
      }
    }
    return new Indicators(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
  }
}
