package dev.iqmon.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioHomeTest {

  private static final String RUNNER = "apicurio-registry-app-3.0.9-runner.jar";

  @TempDir Path tmp;

  @Test
  void shouldUseTheDirectoryNamedByTheSystemPropertyFirst() throws IOException {
    Path configured = distribution(tmp.resolve("configured"));
    Path jar = tmp.resolve("app/iqmon.jar");
    distribution(tmp.resolve("app/apicurio"));

    Path found = ApicurioHome.locateRunnerJar(Optional.of(configured), Optional.of(jar), tmp);

    assertThat(found).isEqualTo(configured.resolve(RUNNER));
  }

  @Test
  void shouldFindTheDistributionNextToTheRunningJar() throws IOException {
    Path beside = distribution(tmp.resolve("app/apicurio"));
    distribution(tmp.resolve("target/apicurio"));

    Path found =
        ApicurioHome.locateRunnerJar(
            Optional.empty(), Optional.of(tmp.resolve("app/iqmon.jar")), tmp);

    assertThat(found).isEqualTo(beside.resolve(RUNNER));
  }

  @Test
  void shouldFallBackToTargetApicurioInTheWorkingDirectory() throws IOException {
    Path inTarget = distribution(tmp.resolve("target/apicurio"));

    Path found =
        ApicurioHome.locateRunnerJar(
            Optional.empty(), Optional.of(tmp.resolve("elsewhere/iqmon.jar")), tmp);

    assertThat(found).isEqualTo(inTarget.resolve(RUNNER));
  }

  @Test
  void shouldIgnoreARunnerJarWithoutItsLibraries() throws IOException {
    Files.createDirectories(tmp.resolve("target/apicurio"));
    Files.createFile(tmp.resolve("target/apicurio").resolve(RUNNER));

    assertThatThrownBy(() -> ApicurioHome.locateRunnerJar(Optional.empty(), Optional.empty(), tmp))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldSayWhereItLookedAndToRunMvnPackageWhenNothingIsThere() {
    Path jar = tmp.resolve("app/iqmon.jar");

    assertThatThrownBy(() -> ApicurioHome.locateRunnerJar(Optional.empty(), Optional.of(jar), tmp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(tmp.resolve("app/apicurio").toString())
        .hasMessageContaining(tmp.resolve("target/apicurio").toString())
        .hasMessageContaining("mvn package");
  }

  @Test
  void shouldNotLookElsewhereWhenTheSystemPropertyNamesAnEmptyDirectory() throws IOException {
    distribution(tmp.resolve("target/apicurio"));
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    assertThatThrownBy(
            () -> ApicurioHome.locateRunnerJar(Optional.of(empty), Optional.empty(), tmp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ApicurioHome.PROPERTY);
  }

  private static Path distribution(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("lib"));
    Files.createFile(dir.resolve(RUNNER));
    return dir;
  }
}
