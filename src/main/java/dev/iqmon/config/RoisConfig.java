package dev.iqmon.config;

/** How many regions one image may produce; those past the limit are listed as dropped. */
public record RoisConfig(int maxPerImage) {

  public RoisConfig {
    Validate.positive(maxPerImage, "rois.max-per-image");
  }
}
