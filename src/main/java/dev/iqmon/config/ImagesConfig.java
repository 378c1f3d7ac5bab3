package dev.iqmon.config;

/**
 * Limits on incoming images, checked before any pixel is decoded.
 *
 * @param maxDecodeBytes most bytes one decode may allocate, from the header (width x height x bands
 *     x bytes per sample, plus the RGB result)
 * @param decodeMemory most bytes all decodes running at once may allocate together
 */
public record ImagesConfig(
    long maxBytes, long maxPixels, long maxDecodeBytes, long decodeMemory, FetchConfig fetch) {

  public ImagesConfig {
    Validate.positive(maxBytes, "images.max-bytes");
    Validate.positive(maxPixels, "images.max-pixels");
    Validate.positive(maxDecodeBytes, "images.max-decode-bytes");
    Validate.positive(decodeMemory, "images.decode-memory");
    if (decodeMemory < maxDecodeBytes) {
      throw new ConfigException(
          "images.decode-memory ("
              + decodeMemory
              + ") must be at least images.max-decode-bytes ("
              + maxDecodeBytes
              + "): one decode of the largest size allowed must fit");
    }
  }
}
