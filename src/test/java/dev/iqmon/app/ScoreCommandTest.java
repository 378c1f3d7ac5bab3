package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code iqmon score} on files: the sharp photo first, then each distortion in order of strength.
 */
class ScoreCommandTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldRankTheSharpPhotoAboveEachDistortionInOrderOfStrength(String sample)
      throws IOException {
    RgbImage photo = new ImageDecoder().decode(resource(sample), null).image();
    Path original = write("original.png", photo);
    List<Path> blurred =
        series(
            "blur",
            new double[] {1, 2, 3, 5},
            (img, s) -> ImageDistortions.gaussianBlur(img, s),
            photo);
    List<Path> noisy =
        series(
            "noise",
            new double[] {5, 10, 20, 40},
            (img, s) -> ImageDistortions.gaussianNoise(img, s, 7),
            photo);
    List<Path> compressed =
        series(
            "jpeg",
            new double[] {70, 40, 20, 10, 5},
            (img, q) -> ImageDistortions.jpeg(img, q.intValue()),
            photo);

    Map<Path, Double> scores = score(dir);

    for (List<Path> series : List.of(blurred, noisy, compressed)) {
      List<Double> ranked = new ArrayList<>(List.of(scores.get(original)));
      series.forEach(p -> ranked.add(scores.get(p)));
      assertThat(ranked)
          .as(sample + " " + series)
          .isSortedAccordingTo((a, b) -> Double.compare(b, a))
          .doesNotHaveDuplicates();
    }
  }

  private List<Path> series(
      String name,
      double[] strengths,
      BiFunction<RgbImage, Double, RgbImage> distort,
      RgbImage photo)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (double s : strengths) {
      files.add(write(name + "-" + (int) s + ".png", distort.apply(photo, s)));
    }
    return files;
  }

  private Path write(String name, RgbImage image) throws IOException {
    return Files.write(dir.resolve(name), ImageEncoder.png(image));
  }

  private static Map<Path, Double> score(Path folder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int exit;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      exit = Main.commandLine().execute("score", folder.toString());
    } finally {
      System.setOut(stdout);
    }
    assertThat(exit).isZero();
    Map<Path, Double> scores = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode node = json.readTree(line);
      scores.put(Path.of(node.get("path").asText()), node.get("score").asDouble());
    }
    return scores;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ScoreCommandTest.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }
}
