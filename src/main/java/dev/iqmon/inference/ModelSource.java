package dev.iqmon.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model's ONNX file comes from: a file on disk, or a copy bundled in the jar. {@code name}
 * says which, for messages and logs.
 */
public record ModelSource(String name, Path file, String resource) {

  public ModelSource {
    Objects.requireNonNull(name, "name");
    if ((file == null) == (resource == null)) {
      throw new IllegalArgumentException("a model source is a file or a resource, not both");
    }
  }

  /**
   * The model named by setting {@code key}: the {@code configured} path, which must exist; or, when
   * none is configured, {@code fallback} (relative to the working directory) if it exists, else the
   * copy bundled at {@code resource}.
   */
  public static ModelSource locate(String key, String configured, Path fallback, String resource) {
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isRegularFile(path)) {
        throw new ModelLoadException(
            key
                + ": no model file at "
                + path.toAbsolutePath()
                + " (leave "
                + key
                + " unset to use the model bundled with iqmon)");
      }
      return new ModelSource(path.toString(), path, null);
    }
    if (Files.isRegularFile(fallback)) {
      return new ModelSource(fallback.toString(), fallback, null);
    }
    if (ModelSource.class.getResource(resource) == null) {
      throw new ModelLoadException(
          key
              + ": no model file at "
              + fallback.toAbsolutePath()
              + " and none bundled at "
              + resource);
    }
    return new ModelSource("bundled " + resource, null, resource);
  }

  /** The bytes of a bundled model. */
  byte[] resourceBytes() {
    try (InputStream in = ModelSource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ModelLoadException("the bundled model " + resource + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled model " + resource, e);
    }
  }
}
