package dev.iqmon.image;

/**
 * How large an encoded image may be, in bytes and in pixels. The byte limit is checked before any
 * parsing; the pixel and side limits against the header, before any pixel is decoded, so a small
 * file that claims a huge frame (a decompression bomb) costs nothing.
 *
 * @param maxBytes most encoded bytes accepted
 * @param maxPixels most pixels (width times height) accepted
 * @param maxWidth widest frame accepted, in pixels
 * @param maxHeight tallest frame accepted, in pixels
 */
public record DecodeLimits(long maxBytes, long maxPixels, int maxWidth, int maxHeight) {

  /** 32 MiB, 40 megapixels, 20000 pixels a side: beyond any camera frame iqmon expects. */
  public static final DecodeLimits DEFAULT =
      new DecodeLimits(32L << 20, 40_000_000L, 20_000, 20_000);

  public DecodeLimits {
    if (maxBytes <= 0 || maxPixels <= 0 || maxWidth <= 0 || maxHeight <= 0) {
      throw new IllegalArgumentException("decode limits must be positive: " + this);
    }
  }

  /** Why a frame of this size is refused, or null if it is accepted. */
  String refusal(int width, int height) {
    if (width > maxWidth || height > maxHeight) {
      return "frame " + width + "x" + height + " exceeds " + maxWidth + "x" + maxHeight;
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      return "frame " + width + "x" + height + " has " + pixels + " pixels, limit " + maxPixels;
    }
    return null;
  }
}
