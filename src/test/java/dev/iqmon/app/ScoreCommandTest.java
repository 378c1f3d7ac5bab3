package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.config.ConfigLoader;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code iqmon score} on files: the sharp photo first, then each distortion in order of strength;
 * and the manifest format that {@code training/evaluate.py} writes and reads.
 */
class ScoreCommandTest {

  @TempDir Path dir;

  /**
   * The classical model, pinned: the learned model's shipped weights are untrained until the
   * training pipeline replaces them, and untrained weights score every image alike.
   */
  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldRankTheSharpPhotoAboveEachDistortionInOrderOfStrength(String sample)
      throws IOException {
    assertRanking(sample, "classical");
  }

  /** The learned model, once {@code models/} holds trained weights (metadata iqmon.weights). */
  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldRankWithTheLearnedModelOnceItIsTrained(String sample) throws IOException {
    assumeTrue(learnedWeightsTrained(), "the learned model's weights are not trained yet");
    assertRanking(sample, "learned");
  }

  private static Boolean trained;

  private static synchronized boolean learnedWeightsTrained() {
    if (trained == null) {
      trained =
          PipelineParts.learnedWeightsTrained(
              new ConfigLoader().set("model.kind=learned").load().model());
    }
    return trained;
  }

  private void assertRanking(String sample, String model) throws IOException {
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

    Map<Path, Double> scores = score(dir, model);

    for (List<Path> series : List.of(blurred, noisy, compressed)) {
      List<Double> ranked = new ArrayList<>(List.of(scores.get(original)));
      series.forEach(p -> ranked.add(scores.get(p)));
      assertThat(ranked)
          .as(model + " model, " + sample + " " + series)
          .isSortedAccordingTo((a, b) -> Double.compare(b, a))
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void shouldScoreAManifestTheWayTheEvaluationScriptReadsIt() throws IOException {
    RgbImage photo = new ImageDecoder().decode(resource("coffee.png"), null).image();
    Path image = write("photo.png", photo);
    int[] inside = new int[photo.width() * photo.height()];
    for (int y = 50; y < 150; y++) {
      java.util.Arrays.fill(inside, y * photo.width() + 100, y * photo.width() + 300, 0xffffff);
    }
    Path mask = write("mask.png", new RgbImage(photo.width(), photo.height(), inside));
    Path manifest =
        Files.writeString(
            dir.resolve("manifest.jsonl"),
            "{\"image\": \""
                + image
                + "\", \"rois\": [{\"id\": \"r1\", \"mask\": \""
                + mask
                + "\"}]}\n");

    List<JsonNode> lines = run("score", "--manifest", manifest.toString(), "--scorer", "learned");

    assertThat(lines)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("image").asText()).isEqualTo(image.toString());
              assertThat(line.get("score").asDouble()).isBetween(0.0, 100.0);
              JsonNode r1 = line.get("regions").get(1);
              assertThat(r1.get("id").asText()).isEqualTo("r1");
              assertThat(r1.get("score").asDouble()).isBetween(0.0, 100.0);
              assertThat(r1.get("distortions").size()).isEqualTo(8);
              assertThat(r1.get("distortions").get("blur").asDouble()).isBetween(0.0, 1.0);
            });
  }

  @Test
  void shouldSayWhichManifestImageCouldNotBeRead() throws IOException {
    Path missing = dir.resolve("missing.png");
    Path manifest =
        Files.writeString(
            dir.resolve("manifest.jsonl"), "{\"image\": \"" + missing + "\", \"rois\": []}\n");

    List<JsonNode> lines = run("score", "--manifest", manifest.toString(), "--model", "classical");

    assertThat(lines)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("image").asText()).isEqualTo(missing.toString());
              assertThat(line.has("error")).isTrue();
            });
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

  private static Map<Path, Double> score(Path folder, String model) throws IOException {
    Map<Path, Double> scores = new HashMap<>();
    for (JsonNode node : run("score", "--model", model, folder.toString())) {
      assertThat(node.has("error")).as(node.toString()).isFalse();
      scores.put(Path.of(node.get("path").asText()), node.get("score").asDouble());
    }
    return scores;
  }

  /** Runs the command line; returns its JSON lines (whatever the exit status). */
  private static List<JsonNode> run(String... args) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      Main.commandLine().execute(args);
    } finally {
      System.setOut(stdout);
    }
    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(json.readTree(line));
      }
    }
    return lines;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ScoreCommandTest.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }
}
