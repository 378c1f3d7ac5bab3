package dev.iqmon.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where Apicurio Registry's distribution was unpacked by {@code mvn package}: the directory that
 * holds {@code apicurio-registry-app-<version>-runner.jar} and its {@code lib/}.
 *
 * <p>Looked for, in order: the system property {@value #PROPERTY}; {@code apicurio/} next to the
 * running jar (or next to {@code target/classes}, which is the same {@code target/apicurio}); and
 * {@code target/apicurio} under the working directory.
 */
final class ApicurioHome {

  static final String PROPERTY = "iqmon.apicurio.home";
  private static final String RUNNER_GLOB = "apicurio-registry-app-*-runner.jar";

  private ApicurioHome() {}

  /** The runner jar, found as the class comment says. */
  static Path locateRunnerJar() {
    return locateRunnerJar(
        Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of),
        codeLocation(),
        Path.of("").toAbsolutePath());
  }

  /**
   * The runner jar under the first candidate that has one.
   *
   * @param configured the directory named by the system property, if set
   * @param codeLocation the jar or classes directory iqmon runs from, if known
   * @param workingDir the process's working directory
   * @throws IllegalStateException naming every place looked in when none has Apicurio
   */
  static Path locateRunnerJar(
      Optional<Path> configured, Optional<Path> codeLocation, Path workingDir) {
    if (configured.isPresent()) {
      return runnerJar(configured.get())
          .orElseThrow(
              () -> notFound(List.of(configured.get() + " (system property " + PROPERTY + ")")));
    }
    List<Path> candidates = new ArrayList<>();
    codeLocation.map(Path::getParent).ifPresent(dir -> candidates.add(dir.resolve("apicurio")));
    candidates.add(workingDir.resolve("target").resolve("apicurio"));
    for (Path candidate : candidates) {
      Optional<Path> jar = runnerJar(candidate);
      if (jar.isPresent()) {
        return jar.get();
      }
    }
    throw notFound(candidates.stream().map(Path::toString).toList());
  }

  private static Optional<Path> runnerJar(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, RUNNER_GLOB)) {
      for (Path jar : jars) {
        if (Files.isDirectory(dir.resolve("lib"))) {
          return Optional.of(jar.toAbsolutePath());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  private static IllegalStateException notFound(List<String> places) {
    return new IllegalStateException(
        "Apicurio Registry not found: no "
            + RUNNER_GLOB
            + " with its lib/ in "
            + String.join(", ", places)
            + ". Run `mvn package` to fetch and unpack it into target/apicurio, or set -D"
            + PROPERTY
            + " to the unpacked directory.");
  }

  private static Optional<Path> codeLocation() {
    try {
      CodeSource source = ApicurioHome.class.getProtectionDomain().getCodeSource();
      return source == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
