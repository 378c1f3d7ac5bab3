package dev.iqmon.config;

/**
 * Limits on incoming images, checked before any pixel is decoded.
 *
 * @param maxDecodeBytes most bytes one decode may allocate, from the header (width x height x bands
 *     x bytes per sample, plus the RGB result)
 * @param decodeMemory most bytes all decodes running at once may allocate together
 * @param jpegDecoder {@code auto} (libjpeg-turbo where the system has it, else ImageIO) or {@code
 *     imageio}
 */
public record ImagesConfig(
    long maxBytes,
    long maxPixels,
    long maxDecodeBytes,
    long decodeMemory,
    JpegDecoder jpegDecoder,
    FetchConfig fetch) {

  /** Which decoder reads JPEGs. */
  public enum JpegDecoder {
    /** libjpeg-turbo where the system has it, else ImageIO. */
    AUTO,
    /** Always ImageIO. */
    IMAGEIO
  }

  public ImagesConfig {
    Validate.positive(maxBytes, "images.max-bytes");
    Validate.positive(maxPixels, "images.max-pixels");
    Validate.positive(maxDecodeBytes, "images.max-decode-bytes");
    Validate.positive(decodeMemory, "images.decode-memory");
    Validate.present(jpegDecoder, "images.jpeg-decoder");
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
