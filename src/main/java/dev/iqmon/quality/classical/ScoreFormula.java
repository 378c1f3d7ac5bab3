package dev.iqmon.quality.classical;

import dev.iqmon.quality.Distortion;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns {@link Indicators} into a score and distortion evidence.
 *
 * <p>Each indicator has a calibrated curve giving the quality (0..100) it alone would leave. Its
 * damage is {@code d = -ln(quality / 100)} (0 when flawless; 0.22 costs a fifth, one level). The
 * damages of the parts of one distortion type (exposure has four) and then of the types combine as
 * a Euclidean norm, so the worst dominates and the others add a little: {@code score = 100 *
 * exp(-sqrt(sum d^2))}. Every curve is monotone, so the score never rises as an indicator worsens.
 * Evidence for a type is {@code d^2 / (d^2 + 0.22^2)}: 0.5 when that type alone costs a level.
 *
 * <p>Anchors (indicator value : quality alone) were set by eye on synthetic blur, noise and JPEG
 * series of the sample photos at 512 px. The exposure anchors were set after looking at the
 * indicators of the real-mos-sanity images (blown highlights mark its worst LIVE Challenge photos),
 * so that set is no independent test of them.
 */
final class ScoreFormula {

  static final QualityCurve SHARPNESS =
      QualityCurve.through(
          0, 3, 0.15, 15, 0.30, 30, 0.45, 45, 0.60, 62, 0.70, 75, 0.78, 86, 0.85, 95, 0.92, 100);
  static final QualityCurve NOISE =
      QualityCurve.through(0.5, 100, 3, 95, 5, 85, 8, 70, 12, 55, 17, 42, 25, 28, 40, 15);
  static final QualityCurve BLOCKINESS =
      QualityCurve.through(
          0.04, 100, 0.15, 94, 0.3, 86, 0.5, 76, 0.8, 62, 1.2, 48, 2, 32, 3.5, 18, 6, 8);
  static final QualityCurve HIGHLIGHTS =
      QualityCurve.through(0.005, 100, 0.02, 88, 0.05, 70, 0.1, 52, 0.2, 35, 0.4, 20, 1, 5);
  static final QualityCurve SHADOWS =
      QualityCurve.through(0.05, 100, 0.15, 88, 0.3, 70, 0.5, 50, 0.8, 25, 1, 10);
  static final QualityCurve DARKNESS = QualityCurve.through(0.02, 30, 0.06, 60, 0.12, 85, 0.2, 100);
  static final QualityCurve BRIGHTNESS = QualityCurve.through(0.75, 100, 0.85, 80, 0.95, 40);
  static final QualityCurve CONTRAST =
      QualityCurve.through(0.05, 10, 0.2, 40, 0.35, 68, 0.5, 88, 0.65, 100);
  static final QualityCurve COLORFULNESS = QualityCurve.through(0, 88, 5, 93, 15, 100);

  /** The damage at which a type alone costs one level (a fifth of the range). */
  static final double ONE_LEVEL = -Math.log(0.8);

  /** A score with the damage behind it, by distortion type. */
  record Assessment(double score, Map<Distortion, Double> damage) {

    /** Evidence 0..1 for each type; 0 for the types this formula cannot see (haze, occlusion). */
    Map<Distortion, Double> evidence() {
      Map<Distortion, Double> evidence = new EnumMap<>(Distortion.class);
      for (Distortion type : Distortion.values()) {
        double d = damage.getOrDefault(type, 0.0);
        evidence.put(type, d * d / (d * d + ONE_LEVEL * ONE_LEVEL));
      }
      return evidence;
    }
  }

  private ScoreFormula() {}

  static Assessment assess(Indicators indicators) {
    Map<Distortion, Double> damage = new EnumMap<>(Distortion.class);
    damage.put(
        Distortion.BLUR, indicators.hasEdges() ? SHARPNESS.damage(indicators.sharpness()) : 0);
    damage.put(Distortion.NOISE, NOISE.damage(indicators.noise()));
    damage.put(Distortion.COMPRESSION, BLOCKINESS.damage(indicators.blockiness()));
    damage.put(
        Distortion.EXPOSURE,
        norm(
            HIGHLIGHTS.damage(indicators.clippedHighlights()),
            SHADOWS.damage(indicators.clippedShadows()),
            DARKNESS.damage(indicators.brightness()),
            BRIGHTNESS.damage(indicators.brightness())));
    damage.put(Distortion.CONTRAST, CONTRAST.damage(indicators.contrast()));
    damage.put(Distortion.COLORFULNESS, COLORFULNESS.damage(indicators.colorfulness()));
    double total = norm(damage.values().stream().mapToDouble(Double::doubleValue).toArray());
    return new Assessment(100 * Math.exp(-total), damage);
  }

  private static double norm(double... damages) {
    double sum = 0;
    for (double d : damages) {
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
