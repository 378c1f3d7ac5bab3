package dev.iqmon.stream;

import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.LevelDistribution;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import java.util.List;
import java.util.Map;

/**
 * A model for topology tests: a region's score is its mean grey level mapped to 0..100, so a test
 * controls scores exactly by publishing flat grey images; dark regions are likely badly exposed.
 */
final class BrightnessModel implements QualityModel {

  @Override
  public ModelInfo info() {
    return new ModelInfo("brightness", "test", "java");
  }

  @Override
  public List<ImageResult> score(List<ImageJob> jobs) {
    return jobs.stream()
        .map(
            job ->
                new ImageResult(
                    job.rois().stream()
                        .map(roi -> new ScoredRegion(roi, quality(job.image(), roi)))
                        .toList()))
        .toList();
  }

  private static RegionQuality quality(RgbImage image, Roi roi) {
    double sum = 0;
    long n = 0;
    PixelBox b = roi.box();
    for (int y = b.y(); y < b.bottom(); y++) {
      for (int x = b.x(); x < b.right(); x++) {
        if (roi.contains(x, y)) {
          sum += image.rgb(x, y) & 0xff;
          n++;
        }
      }
    }
    double score = sum / n / 255 * 100;
    return new RegionQuality(
        levelsFor(score),
        Map.of(Distortion.EXPOSURE, exposure(score)),
        0.5,
        Map.of("brightness", score));
  }

  /** The probability of an exposure problem: 1 at score 20, 0.6 at 40, 0.2 at 60, 0 from 70. */
  static double exposure(double score) {
    return Math.max(0, Math.min(1, (70 - score) / 50));
  }

  /** Two neighbouring levels weighted so that the distribution's score is exactly {@code score}. */
  static LevelDistribution levelsFor(double score) {
    double level = score / 25.0;
    int low = (int) Math.min(3, Math.floor(level));
    double p = level - low;
    double[] probabilities = new double[5];
    probabilities[low] = 1 - p;
    probabilities[low + 1] += p;
    return new LevelDistribution(probabilities);
  }
}
