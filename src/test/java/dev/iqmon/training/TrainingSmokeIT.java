package dev.iqmon.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole training pipeline, small: fetch the photos, synthesize, train a few steps, export to
 * ONNX and evaluate, in under three minutes, without touching the shipped model. Runs where
 * Debian's training packages are installed ({@code training/setup.sh}); skipped elsewhere.
 */
class TrainingSmokeIT {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final List<Path> SHIPPED =
      List.of(Path.of("models/iqmon-encoder.onnx"), Path.of("models/iqmon-roi-head.onnx"));

  @TempDir Path out;

  @Test
  void shouldRunTheWholePipelineSmallWithinThreeMinutesLeavingTheShippedModelAlone()
      throws Exception {
    assumeTrue(trainingPackagesInstalled(), "training packages missing: run training/setup.sh");
    List<String> before = digests(SHIPPED);
    Path log = out.resolve("pipeline.log");

    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(
                "bash", "training/pipeline.sh", "--smoke", "--out", out.resolve("run").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!finished) {
      process.destroyForcibly();
    }

    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("finished within %s; output:%n%s", LIMIT, tail(output)).isTrue();
    assertThat(process.exitValue()).as("exit status; output:%n%s", tail(output)).isZero();
    assertThat(onnxFiles(out.resolve("run")))
        .as("exported ONNX files")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(output).as("the evaluation table").contains("ROI SRCC").contains("learned");
    assertThat(digests(SHIPPED)).as("the shipped model is untouched").isEqualTo(before);
    System.out.printf("training smoke run: %.0f s%n", took.toMillis() / 1000.0);
  }

  private static boolean trainingPackagesInstalled() throws InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process probe =
          new ProcessBuilder(
                  PYTHON.toString(), "-c", "import torch, torchvision, onnx, cv2, skimage, scipy")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
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
