package dev.iqmon.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {

  private static final String BUNDLED = "/models/iqmon-encoder.onnx";

  @TempDir Path dir;

  @Test
  void shouldUseTheConfiguredFile() throws IOException {
    Path file = Files.write(dir.resolve("mine.onnx"), new byte[] {1});

    ModelSource source =
        ModelSource.locate("model.encoder", file.toString(), dir.resolve("absent"), BUNDLED);

    assertThat(source.file()).isEqualTo(file);
  }

  @Test
  void shouldRefuseAConfiguredFileThatDoesNotExist() {
    String missing = dir.resolve("missing.onnx").toString();

    assertThatThrownBy(
            () -> ModelSource.locate("model.encoder", missing, dir.resolve("absent"), BUNDLED))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.encoder")
        .hasMessageContaining(missing);
  }

  @Test
  void shouldPreferTheDefaultFileInTheWorkingDirectory() throws IOException {
    Path local = Files.write(dir.resolve("local.onnx"), new byte[] {1});

    ModelSource source = ModelSource.locate("model.encoder", null, local, BUNDLED);

    assertThat(source.file()).isEqualTo(local);
  }

  @Test
  void shouldFallBackToTheCopyInTheJar() {
    ModelSource source = ModelSource.locate("model.encoder", null, dir.resolve("absent"), BUNDLED);

    assertThat(source.file()).isNull();
    assertThat(source.resource()).isEqualTo(BUNDLED);
    assertThat(source.resourceBytes()).isNotEmpty();
  }

  @Test
  void shouldSayWhenACorruptFileCannotBeLoaded() throws IOException {
    Path corrupt = Files.write(dir.resolve("corrupt.onnx"), "not a model".getBytes());
    ModelSource source = ModelSource.locate("model.encoder", corrupt.toString(), corrupt, BUNDLED);

    assertThatThrownBy(() -> new OnnxSessions(Device.CPU, 1).open(source))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot load " + corrupt);
  }
}
