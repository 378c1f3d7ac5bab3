package dev.iqmon.image;

import dev.iqmon.image.ImageDecodeException.Reason;

/**
 * Reads an {@link ImageHeader} from the bytes of a JPEG, PNG, WebP or GIF by walking their markers
 * or chunks; no pixel is decoded and nothing is allocated in proportion to the frame. Every offset
 * is checked against the end of the bytes, so a damaged header is refused as {@link
 * Reason#CORRUPT}, never read past.
 */
final class HeaderReader {

  private static final int PNG_SIGNATURE_LENGTH = 8;

  private HeaderReader() {}

  static ImageHeader read(ImageFormat format, byte[] bytes) {
    try {
      return switch (format) {
        case JPEG -> jpeg(new Bytes(bytes, false));
        case PNG -> png(new Bytes(bytes, false));
        case WEBP -> webp(new Bytes(bytes, true));
        case GIF -> gif(new Bytes(bytes, true));
      };
    } catch (IndexOutOfBoundsException e) {
      throw new ImageDecodeException(Reason.CORRUPT, format + " header is truncated", e);
    }
  }

  private static ImageHeader jpeg(Bytes b) {
    int pos = 2;
    int orientation = 1;
    int adobe = -1;
    boolean icc = false;
    while (true) {
      if (b.u8(pos) != 0xff) {
        throw corrupt(ImageFormat.JPEG, "no marker at byte " + pos);
      }
      int marker = b.u8(pos + 1);
      if (marker == 0xff) {
        pos++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        pos += 2;
        continue;
      }
      if (marker == 0xda || marker == 0xd9) {
        throw corrupt(ImageFormat.JPEG, "no frame header before the image data");
      }
      int length = b.u16(pos + 2);
      int payload = pos + 4;
      if (marker == 0xe1 && b.startsWith(payload, "Exif\0\0")) {
        orientation = Exif.orientation(b, payload + 6, pos + 2 + length);
      } else if (marker == 0xe2 && b.startsWith(payload, "ICC_PROFILE")) {
        icc = true;
      } else if (marker == 0xee && length >= 14 && b.startsWith(payload, "Adobe")) {
        adobe = b.u8(payload + 11);
      } else if (isStartOfFrame(marker)) {
        boolean progressive = (marker & 0x03) == 0x02;
        return new ImageHeader(
            ImageFormat.JPEG,
            b.u16(payload + 3),
            b.u16(payload + 1),
            b.u8(payload + 5),
            b.u8(payload),
            1,
            orientation,
            adobe,
            progressive,
            icc);
      }
      pos += 2 + length;
    }
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
  }

  private static ImageHeader png(Bytes b) {
    int pos = PNG_SIGNATURE_LENGTH;
    if (!b.startsWith(pos + 4, "IHDR")) {
      throw corrupt(ImageFormat.PNG, "the first chunk is not IHDR");
    }
    int width = b.s32(pos + 8);
    int height = b.s32(pos + 12);
    int depth = b.u8(pos + 16);
    int colourType = b.u8(pos + 17);
    boolean interlaced = b.u8(pos + 20) != 0;
    int bands =
        switch (colourType) {
          case 0, 3 -> 1;
          case 2 -> 3;
          case 4 -> 2;
          case 6 -> 4;
          default -> throw corrupt(ImageFormat.PNG, "unknown colour type " + colourType);
        };
    int frames = 1;
    int orientation = 1;
    while (pos + 8 <= b.length()) {
      int length = b.s32(pos);
      if (length < 0 || pos + 12L + length > b.length()) {
        break;
      }
      if (b.startsWith(pos + 4, "acTL")) {
        frames = b.s32(pos + 8);
      } else if (b.startsWith(pos + 4, "eXIf")) {
        orientation = Exif.orientation(b, pos + 8, pos + 8 + length);
      } else if (b.startsWith(pos + 4, "IEND")) {
        break;
      }
      pos += 12 + length;
    }
    return new ImageHeader(
        ImageFormat.PNG, width, height, bands, depth, frames, orientation, -1, interlaced, false);
  }

  private static ImageHeader webp(Bytes b) {
    int pos = 12;
    int width = 0;
    int height = 0;
    int frames = 0;
    int orientation = 1;
    while (pos + 8 <= b.length()) {
      String fourcc = b.ascii(pos, 4);
      int length = b.s32(pos + 4);
      int payload = pos + 8;
      if (length < 0 || payload + (long) length > b.length()) {
        break;
      }
      switch (fourcc) {
        case "VP8X" -> {
          width = b.u24(payload + 4) + 1;
          height = b.u24(payload + 7) + 1;
        }
        case "VP8 " -> {
          width = width > 0 ? width : b.u16(payload + 6) & 0x3fff;
          height = height > 0 ? height : b.u16(payload + 8) & 0x3fff;
          frames = Math.max(frames, 1);
        }
        case "VP8L" -> {
          long bits = b.s32(payload + 1) & 0xffffffffL;
          width = width > 0 ? width : (int) (bits & 0x3fff) + 1;
          height = height > 0 ? height : (int) (bits >> 14 & 0x3fff) + 1;
          frames = Math.max(frames, 1);
        }
        case "ANMF" -> frames++;
        case "EXIF" -> {
          int tiff = b.startsWith(payload, "Exif\0\0") ? payload + 6 : payload;
          orientation = Exif.orientation(b, tiff, payload + length);
        }
        default -> {}
      }
      pos = payload + length + (length & 1);
    }
    if (width <= 0 || height <= 0) {
      throw corrupt(ImageFormat.WEBP, "no frame size in the header");
    }
    return new ImageHeader(
        ImageFormat.WEBP, width, height, 4, 8, Math.max(frames, 1), orientation, -1, false, false);
  }

  private static ImageHeader gif(Bytes b) {
    int width = b.u16(6);
    int height = b.u16(8);
    int packed = b.u8(10);
    int pos = 13 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
    int frames = 0;
    while (pos < b.length()) {
      int block = b.u8(pos);
      if (block == 0x2c) {
        frames++;
        int local = b.u8(pos + 9);
        pos += 10 + ((local & 0x80) != 0 ? 3 << ((local & 7) + 1) : 0) + 1;
        pos = skipSubBlocks(b, pos);
      } else if (block == 0x21) {
        pos = skipSubBlocks(b, pos + 2);
      } else {
        break;
      }
    }
    return new ImageHeader(ImageFormat.GIF, width, height, 1, 8, frames, 1, -1, false, false);
  }

  private static int skipSubBlocks(Bytes b, int pos) {
    int at = pos;
    while (at < b.length()) {
      int size = b.u8(at);
      at += 1 + size;
      if (size == 0) {
        break;
      }
    }
    return at;
  }

  private static ImageDecodeException corrupt(ImageFormat format, String why) {
    return new ImageDecodeException(Reason.CORRUPT, format + " header is damaged: " + why);
  }
}
