package dev.iqmon.quality.classical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.roi.Roi;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The scorer's first duty: a photo scores above itself damaged, and stronger damage scores lower,
 * for each kind of damage on its own. Strengths span what a person sees as barely worse to ruined.
 */
class ClassicalModelRankingTest {

  static final List<String> SAMPLES = TestImages.SAMPLES;

  private static final double[] BLUR_SIGMAS = {1, 2, 3, 5};
  private static final double[] NOISE_SIGMAS = {5, 10, 20, 40};
  private static final int[] JPEG_QUALITIES = {70, 40, 20, 10, 5};

  private final ClassicalModel model = new ClassicalModel();

  @ParameterizedTest
  @FieldSource("SAMPLES")
  void shouldRankSharpAboveIncreasinglyBlurred(String sample) {
    assertStrictlyFalling(
        sample, series(sample, BLUR_SIGMAS.length, i -> img -> blur(img, BLUR_SIGMAS[i])));
  }

  @ParameterizedTest
  @FieldSource("SAMPLES")
  void shouldRankCleanAboveIncreasinglyNoisy(String sample) {
    assertStrictlyFalling(
        sample,
        series(
            sample,
            NOISE_SIGMAS.length,
            i -> img -> ImageDistortions.gaussianNoise(img, NOISE_SIGMAS[i], 7)));
  }

  @ParameterizedTest
  @FieldSource("SAMPLES")
  void shouldRankOriginalAboveIncreasinglyCompressed(String sample) {
    assertStrictlyFalling(
        sample,
        series(
            sample,
            JPEG_QUALITIES.length,
            i -> img -> ImageDistortions.jpeg(img, JPEG_QUALITIES[i])));
  }

  /** Scores of the original, then of each damaged version in order of strength. */
  private List<Double> series(
      String sample, int steps, Function<Integer, Function<RgbImage, RgbImage>> damage) {
    RgbImage original = TestImages.sample(sample);
    List<Double> scores = new ArrayList<>();
    scores.add(score(original));
    for (int i = 0; i < steps; i++) {
      scores.add(score(damage.apply(i).apply(original)));
    }
    return scores;
  }

  private double score(RgbImage image) {
    return model.quality(image, Roi.whole(image.width(), image.height())).score();
  }

  private static RgbImage blur(RgbImage image, double sigma) {
    return ImageDistortions.gaussianBlur(image, sigma);
  }

  private static void assertStrictlyFalling(String sample, List<Double> scores) {
    String table =
        scores.stream().map(s -> String.format("%.1f", s)).collect(Collectors.joining(" > "));
    for (int i = 1; i < scores.size(); i++) {
      assertThat(scores.get(i)).as("%s: %s", sample, table).isLessThan(scores.get(i - 1));
    }
  }
}
