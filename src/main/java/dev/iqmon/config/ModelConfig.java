package dev.iqmon.config;

/** Which quality model scores the regions. */
public record ModelConfig(String kind) {

  public ModelConfig {
    Validate.oneOf(kind, "model.kind", "classical");
  }
}
