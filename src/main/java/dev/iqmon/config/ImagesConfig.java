package dev.iqmon.config;

/** Limits on incoming images, checked before any pixel is decoded. */
public record ImagesConfig(long maxBytes, long maxPixels, FetchConfig fetch) {

  public ImagesConfig {
    Validate.positive(maxBytes, "images.max-bytes");
    Validate.positive(maxPixels, "images.max-pixels");
  }
}
