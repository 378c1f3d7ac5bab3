package dev.iqmon.image;

/**
 * Reads the one EXIF field iqmon uses, the orientation (tag 0x0112 in the first IFD of the TIFF
 * structure EXIF is), and turns an image upright by it.
 */
final class Exif {

  private static final int ORIENTATION_TAG = 0x0112;
  private static final int TYPE_SHORT = 3;

  private Exif() {}

  /**
   * The orientation stored in the TIFF structure at {@code [start, end)} of the bytes, 1 (as
   * stored) if there is none or it is unreadable: a damaged EXIF block must not lose the image.
   */
  static int orientation(Bytes bytes, int start, int end) {
    try {
      if (end > bytes.length() || end - start < 8) {
        return 1;
      }
      boolean little = bytes.startsWith(start, "II");
      if (!little && !bytes.startsWith(start, "MM")) {
        return 1;
      }
      Bytes tiff = bytes.withOrder(little);
      int ifd = start + tiff.s32(start + 4);
      int entries = tiff.u16(ifd);
      for (int i = 0; i < entries; i++) {
        int entry = ifd + 2 + 12 * i;
        if (entry + 12 > end) {
          return 1;
        }
        if (tiff.u16(entry) == ORIENTATION_TAG && tiff.u16(entry + 2) == TYPE_SHORT) {
          int value = tiff.u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    } catch (IndexOutOfBoundsException e) {
      return 1;
    }
  }

  /**
   * The image as people see it: the stored pixels rotated and mirrored as the EXIF orientation says
   * (2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90
   * counter-clockwise). Orientation 1 returns the image itself.
   */
  static RgbImage upright(RgbImage stored, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return stored;
    }
    int w = stored.width();
    int h = stored.height();
    boolean swap = orientation >= 5;
    int outW = swap ? h : w;
    int outH = swap ? w : h;
    int[] src = stored.pixels();
    int[] out = new int[src.length];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        out[y * outW + x] = src[sourceIndex(orientation, x, y, w, h)];
      }
    }
    return new RgbImage(outW, outH, out);
  }

  /** Where the pixel shown at (x, y) lies in the stored image of size w x h. */
  private static int sourceIndex(int orientation, int x, int y, int w, int h) {
    return switch (orientation) {
      case 2 -> y * w + (w - 1 - x);
      case 3 -> (h - 1 - y) * w + (w - 1 - x);
      case 4 -> (h - 1 - y) * w + x;
      case 5 -> x * w + y;
      case 6 -> (h - 1 - x) * w + y;
      case 7 -> (h - 1 - x) * w + (w - 1 - y);
      case 8 -> x * w + (w - 1 - y);
      default -> y * w + x;
    };
  }
}
