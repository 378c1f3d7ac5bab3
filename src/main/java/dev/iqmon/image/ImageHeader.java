package dev.iqmon.image;

import java.util.Objects;

/**
 * What an image's header says, read before any pixel is decoded: enough to refuse it, to know how
 * much memory decoding it takes, and how to turn it upright.
 *
 * @param format the encoding
 * @param width stored width in pixels
 * @param height stored height in pixels
 * @param bands samples per pixel as stored (3 for RGB, 4 for RGBA or CMYK, 1 for grey or palette)
 * @param bitsPerSample bits in one stored sample (8 or 16; fewer for small palettes)
 * @param frames frames in the file (more than 1: animated)
 * @param orientation the EXIF orientation, 1 (as stored) to 8
 * @param adobeTransform a JPEG's Adobe colour transform (0 none, 1 YCbCr, 2 YCCK), or -1 if the
 *     file has no Adobe marker
 * @param interlaced whether rows are stored out of order (interlaced PNG, progressive JPEG)
 * @param iccProfile whether a JPEG embeds an ICC colour profile (ImageIO converts its colours to
 *     sRGB; libjpeg-turbo would not)
 */
record ImageHeader(
    ImageFormat format,
    int width,
    int height,
    int bands,
    int bitsPerSample,
    int frames,
    int orientation,
    int adobeTransform,
    boolean interlaced,
    boolean iccProfile) {

  ImageHeader {
    Objects.requireNonNull(format, "format");
    if (orientation < 1 || orientation > 8) {
      orientation = 1;
    }
  }

  /** Bytes one stored frame takes once decoded, at its stored depth. */
  long rasterBytes() {
    return (long) width * height * bands * Math.max(1, (bitsPerSample + 7) / 8);
  }

  /**
   * The most bytes a decode of this image allocates at once: the decoder's raster plus the packed
   * RGB result (4 bytes a pixel). A 16-bit PNG is read row by row straight into the result, so only
   * the result counts for it.
   */
  long decodeBytes() {
    long result = (long) width * height * Integer.BYTES;
    return isStreamedPng() ? result : result + rasterBytes();
  }

  /** 16-bit PNGs are reduced to 8 bits row by row, never held at full depth. */
  boolean isStreamedPng() {
    return format == ImageFormat.PNG && bitsPerSample == 16 && !interlaced;
  }

  boolean isFourChannelJpeg() {
    return format == ImageFormat.JPEG && bands == 4;
  }

  /** How the stored samples are laid out, for messages: e.g. {@code 16-bit RGBA}. */
  String describe() {
    String layout =
        switch (bands) {
          case 1 -> "grey";
          case 2 -> "grey+alpha";
          case 3 -> "RGB";
          default -> format == ImageFormat.JPEG ? "CMYK" : "RGBA";
        };
    return bitsPerSample + "-bit " + layout;
  }
}
