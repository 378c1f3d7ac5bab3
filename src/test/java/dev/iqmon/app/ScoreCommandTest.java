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
import dev.iqmon.quality.learned.OnnxQualityNetworks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
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

  /** The default model (classical): the sharp photo first, then each series in order. */
  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldRankTheSharpPhotoAboveEachDistortionInOrderOfStrength(String sample)
      throws IOException {
    Map<Path, Double> scores = score(distortedSeries(sample));

    for (List<Path> series : seriesOf(scores)) {
      assertThat(scoresOf(scores, series))
          .as("default model, %s %s", sample, series)
          .isSortedAccordingTo(HIGHEST_FIRST)
          .doesNotHaveDuplicates();
    }
  }

  /**
   * With trained weights, the learned model scores the strongest of each distortion below the sharp
   * photo. Skipped while {@code models/} holds untrained weights, whose scores are arbitrary.
   */
  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void shouldScoreTheStrongestDistortionBelowTheSharpPhotoWithTheLearnedModel(String sample)
      throws IOException {
    assumeTrue(shippedModelTrained(), "needs trained weights; models/ holds untrained ones");
    Map<Path, Double> scores = score(distortedSeries(sample), "--model", "learned");

    for (List<Path> series : seriesOf(scores)) {
      List<Double> ranked = scoresOf(scores, series);
      assertThat(ranked.get(ranked.size() - 1))
          .as("learned model, %s: the strongest of %s below the sharp photo", sample, series)
          .isLessThan(ranked.get(0));
    }
  }

  private static boolean shippedModelTrained() {
    try (OnnxQualityNetworks networks =
        PipelineParts.networks(new ConfigLoader().set("model.device=cpu").load().model())) {
      return networks.contract().trained();
    }
  }

  private static final Comparator<Double> HIGHEST_FIRST = (a, b) -> Double.compare(b, a);
  private static final Path ORIGINAL = Path.of("original.png");

  /** Writes the photo and its blurred, noisy and compressed series; returns the folder. */
  private Path distortedSeries(String sample) throws IOException {
    RgbImage photo = new ImageDecoder().decode(resource(sample), null).image();
    write(ORIGINAL.toString(), photo);
    series("blur", new double[] {1, 2, 3, 5}, ImageDistortions::gaussianBlur, photo);
    series(
        "noise",
        new double[] {5, 10, 20, 40},
        (img, s) -> ImageDistortions.gaussianNoise(img, s, 7),
        photo);
    series(
        "jpeg",
        new double[] {70, 40, 20, 10, 5},
        (img, q) -> ImageDistortions.jpeg(img, q.intValue()),
        photo);
    return dir;
  }

  /** The three series, each as file names in order of strength. */
  private static List<List<Path>> seriesOf(Map<Path, Double> scores) {
    List<List<Path>> all = new ArrayList<>();
    for (String name :
        List.of(
            "blur-1,blur-2,blur-3,blur-5",
            "noise-5,noise-10,noise-20,noise-40",
            "jpeg-70,jpeg-40,jpeg-20,jpeg-10,jpeg-5")) {
      all.add(Stream.of(name.split(",")).map(n -> Path.of(n + ".png")).toList());
    }
    assertThat(scores).hasSize(1 + all.stream().mapToInt(List::size).sum());
    return all;
  }

  /** The sharp photo's score, then the series' scores in order. */
  private static List<Double> scoresOf(Map<Path, Double> scores, List<Path> series) {
    List<Double> ranked = new ArrayList<>(List.of(scores.get(ORIGINAL)));
    series.forEach(p -> ranked.add(scores.get(p)));
    return ranked;
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
  void shouldScoreTheClassesTheDetectorsFindAsRegionsWithTheirConfidenceAndBox()
      throws IOException {
    Path photo = Files.write(dir.resolve("astronaut.png"), resource("astronaut.png"));

    List<JsonNode> lines = run("score", "--detect", "person,face", photo.toString());

    JsonNode regions = lines.get(0).get("regions");
    Map<String, JsonNode> detected = new HashMap<>();
    regions.forEach(
        r -> {
          if (r.get("source").asText().equals("DETECTED")) {
            detected.put(r.get("id").asText(), r);
          }
        });
    assertThat(detected).containsOnlyKeys("person-1", "face-1");
    JsonNode face = detected.get("face-1");
    assertThat(face.get("label").asText()).isEqualTo("face");
    assertThat(face.get("confidence").asDouble()).isBetween(0.75, 1.0);
    // x, y, width, height in pixels, around the face drawn by hand at (182, 72)-(272, 183)
    assertThat(face.get("box").get(0).asInt()).isBetween(160, 200);
    assertThat(face.get("box").get(2).asInt()).isBetween(70, 130);
    assertThat(face.get("score").asDouble()).isBetween(0.0, 100.0);
    assertThat(detected.get("person-1").get("label").asText()).isEqualTo("person");
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

  /** Scores every file of the folder; keyed by file name. */
  private static Map<Path, Double> score(Path folder, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("score"));
    args.addAll(List.of(options));
    args.add(folder.toString());
    Map<Path, Double> scores = new HashMap<>();
    for (JsonNode node : run(args.toArray(String[]::new))) {
      assertThat(node.has("error")).as(node.toString()).isFalse();
      scores.put(Path.of(node.get("path").asText()).getFileName(), node.get("score").asDouble());
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
