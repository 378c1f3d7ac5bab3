package dev.iqmon.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole training pipeline, small: fetch the photos, synthesize, train a few steps, export to
 * ONNX and evaluate, without touching the shipped model. It prints how long the run took; the limit
 * only catches a hung run (on a busy shared machine the wall-clock time says little about the
 * pipeline, so it is not what this test asserts). Runs where Debian's training packages are
 * installed ({@code training/setup.sh}) and the LIVE Challenge training photos are at hand;
 * elsewhere it is skipped, and the reason names the missing packages and the {@code apt-get
 * install} line that adds them, or the folder where the photos were looked for.
 */
class TrainingSmokeIT {

  private static final Path PYTHON = Path.of("/usr/bin/python3");

  /** The Python modules the pipeline imports, and the Debian package of each. */
  private static final Map<String, String> MODULES =
      inOrder(
          "numpy", "python3-numpy",
          "scipy", "python3-scipy",
          "PIL", "python3-pil",
          "cv2", "python3-opencv",
          "skimage", "python3-skimage",
          "torch", "python3-torch",
          "torchvision", "python3-torchvision",
          "onnx", "python3-onnx");

  /** The Debian tools the pipeline runs: package checks, and fetching the photographs. */
  private static final List<String> DEBIAN_TOOLS = List.of("dpkg-query", "apt-get", "dpkg");

  private static final Duration HUNG_AFTER = Duration.ofMinutes(10);
  private static final List<Path> SHIPPED =
      List.of(Path.of("models/iqmon-encoder.onnx"), Path.of("models/iqmon-roi-head.onnx"));

  @TempDir Path out;

  @Test
  void shouldRunTheWholePipelineSmallLeavingTheShippedModelAlone() throws Exception {
    Optional<String> missing = whyNotRunnable();
    missing.ifPresent(reason -> System.err.println("TrainingSmokeIT skipped: " + reason));
    assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
    List<String> before = digests(SHIPPED);
    Path log = out.resolve("pipeline.log");

    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(
                "bash",
                "training/pipeline.sh",
                "--smoke",
                "--out",
                out.resolve("run").toString(),
                "--livec",
                livecFolder().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(HUNG_AFTER.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!finished) {
      process.destroyForcibly();
    }

    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("finished within %s; output:%n%s", HUNG_AFTER, tail(output)).isTrue();
    assertThat(process.exitValue()).as("exit status; output:%n%s", tail(output)).isZero();
    assertThat(onnxFiles(out.resolve("run")))
        .as("exported ONNX files")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(output).as("the evaluation table").contains("ROI SRCC").contains("learned");
    assertThat(digests(SHIPPED)).as("the shipped model is untouched").isEqualTo(before);
    System.out.printf("training smoke run: %.0f s%n", took.toMillis() / 1000.0);
  }

  @Test
  void shouldNameTheMissingDebianPackagesAndTheCommandThatInstallsThemWhenItSkips() {
    String reason = skipReason(List.of("torch", "onnx"), List.of()).orElseThrow();

    assertThat(reason)
        .contains("python3-torch, python3-onnx")
        .contains("import torch, onnx")
        .contains(
            "sudo apt-get install --no-install-recommends python3-torch python3-onnx"
                + " (or: bash training/setup.sh)");
    assertThat(skipReason(List.of(), List.of("apt-get")).orElseThrow())
        .contains("apt-get")
        .contains("Debian");
    assertThat(skipReason(List.of(), List.of())).isEmpty();
    assertThat(missingPhotos(out).orElseThrow()).contains(out.toString()).contains("IQMON_LIVEC");
  }

  /** Why the pipeline cannot run on this machine, or empty when it can. */
  private static Optional<String> whyNotRunnable() throws InterruptedException {
    List<String> tools = DEBIAN_TOOLS.stream().filter(tool -> !onPath(tool)).toList();
    if (!tools.isEmpty()) {
      return skipReason(List.of(), tools);
    }
    Optional<String> modules = skipReason(missingModules(), List.of());
    return modules.isPresent() ? modules : missingPhotos(livecFolder());
  }

  /**
   * Where the pipeline looks for the LIVE Challenge photos: $IQMON_LIVEC, else beside the clone.
   */
  static Path livecFolder() {
    String set = System.getenv("IQMON_LIVEC");
    return set != null && !set.isBlank()
        ? Path.of(set)
        : Path.of("..", "shared", "data", "livec-train").toAbsolutePath().normalize();
  }

  static Optional<String> missingPhotos(Path folder) {
    return Files.isRegularFile(folder.resolve("labels.csv"))
        ? Optional.empty()
        : Optional.of(
            "no LIVE Challenge training photos at "
                + folder
                + " (labels.csv missing): the pipeline learns from their human scores; set"
                + " IQMON_LIVEC to their folder");
  }

  static Optional<String> skipReason(List<String> missingModules, List<String> missingTools) {
    if (!missingTools.isEmpty()) {
      return Optional.of(
          "not a Debian system: "
              + String.join(", ", missingTools)
              + " not on PATH (the pipeline checks and fetches Debian packages with them)");
    }
    if (missingModules.isEmpty()) {
      return Optional.empty();
    }
    List<String> packages = missingModules.stream().map(MODULES::get).toList();
    return Optional.of(
        String.format(
            "Debian's training packages are missing: %s (import %s failed under %s). Install them"
                + " with: sudo apt-get install --no-install-recommends %s (or: bash"
                + " training/setup.sh)",
            String.join(", ", packages),
            String.join(", ", missingModules),
            PYTHON,
            String.join(" ", packages)));
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
  }

  /**
   * The modules of {@link #MODULES} that {@code /usr/bin/python3} cannot import; all without it.
   */
  private static List<String> missingModules() throws InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      return List.copyOf(MODULES.keySet());
    }
    String probe =
        "import importlib, sys\n"
            + "for name in sys.argv[1:]:\n"
            + "    try:\n"
            + "        importlib.import_module(name)\n"
            + "    except Exception:\n"
            + "        print(name)\n";
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", probe));
    command.addAll(MODULES.keySet());
    try {
      Process process = new ProcessBuilder(command).redirectError(Redirect.DISCARD).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return List.copyOf(MODULES.keySet());
      }
      return out.lines().map(String::strip).filter(MODULES::containsKey).toList();
    } catch (IOException e) {
      return List.copyOf(MODULES.keySet());
    }
  }

  private static Map<String, String> inOrder(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private static List<Path> onnxFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".onnx")).toList();
    }
  }

  private static List<String> digests(List<Path> files)
      throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<String> out = new ArrayList<>();

    for (Path file : files) {
      out.add(HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))));
    }
    return out;
  }

  private static String tail(String output) {
    return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
  }
}
