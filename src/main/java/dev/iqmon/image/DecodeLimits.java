package dev.iqmon.image;

/**
 * How large an encoded image may be, in bytes and in pixels, and how much memory decoding it may
 * take. The byte limit is checked before any parsing; the pixel, side and memory limits against the
 * header, before any pixel is decoded, so a small file that claims a huge frame (a decompression
 * bomb) costs nothing.
 *
 * @param maxBytes most encoded bytes accepted
 * @param maxPixels most pixels (width times height) accepted
 * @param maxWidth widest frame accepted, in pixels
 * @param maxHeight tallest frame accepted, in pixels
 * @param maxDecodeBytes most bytes one decode may allocate, as the header tells: width x height x
 *     bands x bytes per sample for the decoder's raster, plus 4 bytes a pixel for the RGB result
 * @param decodeMemory most bytes all decodes running at once may allocate together; a decode waits
 *     until its share is free, so large images are decoded a few at a time
 */
public record DecodeLimits(
    long maxBytes,
    long maxPixels,
    int maxWidth,
    int maxHeight,
    long maxDecodeBytes,
    long decodeMemory) {

  /** 320 MiB: a 40-megapixel RGB JPEG or RGBA PNG (its raster and its RGB result) fits. */
  public static final long DEFAULT_MAX_DECODE_BYTES = 320L << 20;

  /** 640 MiB: two of the largest decodes at once. */
  public static final long DEFAULT_DECODE_MEMORY = 640L << 20;

  /** 32 MiB, 40 megapixels, 20000 pixels a side: beyond any camera frame iqmon expects. */
  public static final DecodeLimits DEFAULT =
      new DecodeLimits(32L << 20, 40_000_000L, 20_000, 20_000);

  public DecodeLimits {
    if (maxBytes <= 0
        || maxPixels <= 0
        || maxWidth <= 0
        || maxHeight <= 0
        || maxDecodeBytes <= 0
        || decodeMemory <= 0) {
      throw new IllegalArgumentException("decode limits must be positive: " + this);
    }
    if (decodeMemory < maxDecodeBytes) {
      throw new IllegalArgumentException(
          "decode memory ("
              + decodeMemory
              + " bytes) must hold at least one decode of the largest size allowed ("
              + maxDecodeBytes
              + " bytes)");
    }
  }

  /** Limits with the default decode memory bounds. */
  public DecodeLimits(long maxBytes, long maxPixels, int maxWidth, int maxHeight) {
    this(maxBytes, maxPixels, maxWidth, maxHeight, DEFAULT_MAX_DECODE_BYTES, DEFAULT_DECODE_MEMORY);
  }

  /** Why a frame of this size is refused, or null if it is accepted. */
  String refusal(int width, int height) {
    if (width <= 0 || height <= 0) {
      return "frame " + width + "x" + height + " has no pixels";
    }
    if (width > maxWidth || height > maxHeight) {
      return "frame " + width + "x" + height + " exceeds " + maxWidth + "x" + maxHeight;
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      return "frame " + width + "x" + height + " has " + pixels + " pixels, limit " + maxPixels;
    }
    return null;
  }

  /** Why decoding an image with this header is refused for its memory, or null if it is not. */
  String memoryRefusal(ImageHeader header) {
    long bytes = header.decodeBytes();
    if (bytes <= maxDecodeBytes) {
      return null;
    }
    return "decoding the "
        + header.width()
        + "x"
        + header.height()
        + " "
        + header.describe()
        + " frame would take "
        + mib(bytes)
        + " MiB, limit "
        + mib(maxDecodeBytes)
        + " MiB";
  }

  private static long mib(long bytes) {
    return (bytes + (1L << 20) - 1) >> 20;
  }
}
