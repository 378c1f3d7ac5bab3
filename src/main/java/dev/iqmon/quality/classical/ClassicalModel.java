package dev.iqmon.quality.classical;

import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.LevelDistribution;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.Roi;
import java.util.List;

/**
 * The explainable CPU quality model: measures classical {@link Indicators} on each region (its mask
 * honoured), turns them into a score with {@link ScoreFormula}, and reports five levels
 * concentrated around that score, evidence for the distortion types the indicators can see, and an
 * {@link Importance}. No native resources; thread-safe.
 */
public final class ClassicalModel implements QualityModel {

  public static final String ID = "classical";
  public static final String VERSION = "1.0";

  /** Standard deviation, in levels, of the level distribution around the score. */
  static final double LEVEL_SPREAD = 0.6;

  private static final ModelInfo INFO = new ModelInfo(ID, VERSION, "java");

  private final IndicatorMeter meter = new IndicatorMeter();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public List<ImageResult> score(List<ImageJob> jobs) {
    return jobs.stream().map(this::score).toList();
  }

  private ImageResult score(ImageJob job) {
    return new ImageResult(
        job.rois().stream().map(roi -> new ScoredRegion(roi, quality(job.image(), roi))).toList());
  }

  /** The quality of one region of an image. */
  public RegionQuality quality(RgbImage image, Roi roi) {
    Indicators indicators = meter.measure(image, roi);
    ScoreFormula.Assessment assessment = ScoreFormula.assess(indicators);
    return new RegionQuality(
        LevelDistribution.around(assessment.score(), LEVEL_SPREAD),
        assessment.evidence(),
        Importance.of(roi, image.width(), image.height()),
        indicators.asMap());
  }
}
