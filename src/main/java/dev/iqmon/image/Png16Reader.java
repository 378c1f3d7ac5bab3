package dev.iqmon.image;

import dev.iqmon.image.ImageDecodeException.Reason;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a non-interlaced 16-bit PNG row by row straight into 8-bit RGB: only two rows are ever
 * held at full depth, so a 6300 x 6300 RGBA file costs its result (4 bytes a pixel), not the 8
 * bytes a pixel ImageIO's raster would take on top. Alpha and {@code tRNS} transparency are
 * composited over black and grey levels kept as sRGB levels, as {@link BufferedImages} does for
 * other images.
 */
final class Png16Reader {

  private static final int MAX = 65535;

  private final Bytes bytes;
  private final ImageHeader header;
  private final Inflater inflater = new Inflater();
  private int nextChunk = 8;
  private int[] transparent;

  private Png16Reader(byte[] data, ImageHeader header) {
    this.bytes = new Bytes(data, false);
    this.header = header;
  }

  static RgbImage read(byte[] data, ImageHeader header) {
    Png16Reader reader = new Png16Reader(data, header);
    try {
      return reader.decode();
    } catch (DataFormatException | IndexOutOfBoundsException e) {
      throw new ImageDecodeException(
          Reason.CORRUPT, "PNG data cannot be decoded: " + e.getMessage(), e);
    } finally {
      reader.inflater.end();
    }
  }

  private RgbImage decode() throws DataFormatException {
    int width = header.width();
    int pixelBytes = header.bands() * 2;
    int rowBytes = width * pixelBytes;
    byte[] previous = new byte[rowBytes];
    byte[] row = new byte[rowBytes];
    byte[] filter = new byte[1];
    int[] pixels = new int[Math.multiplyExact(width, header.height())];
    for (int y = 0; y < header.height(); y++) {
      fill(filter);
      fill(row);
      unfilter(filter[0] & 0xff, row, previous, pixelBytes);
      toRgb(row, pixels, y * width);
      byte[] swap = previous;
      previous = row;
      row = swap;
    }
    return new RgbImage(width, header.height(), pixels);
  }

  /** Inflates exactly {@code out.length} bytes, feeding IDAT chunks as the inflater asks. */
  private void fill(byte[] out) throws DataFormatException {
    int done = 0;
    while (done < out.length) {
      if (inflater.needsInput() && !feed()) {
        throw new ImageDecodeException(Reason.CORRUPT, "PNG data is truncated");
      }
      if (inflater.needsDictionary() || (inflater.finished() && done < out.length)) {
        throw new ImageDecodeException(Reason.CORRUPT, "PNG data ends before the last row");
      }
      done += inflater.inflate(out, done, out.length - done);
    }
  }

  /** Hands the next IDAT chunk to the inflater; false when there is none. */
  private boolean feed() {
    while (nextChunk + 8 <= bytes.length()) {
      int length = bytes.s32(nextChunk);
      String type = bytes.ascii(nextChunk + 4, 4);
      int data = nextChunk + 8;
      if (length < 0 || data + (long) length > bytes.length()) {
        return false;
      }
      nextChunk = data + length + 4;
      if (type.equals("tRNS")) {
        transparent = new int[length / 2];
        for (int i = 0; i < transparent.length; i++) {
          transparent[i] = bytes.u16(data + 2 * i);
        }
      } else if (type.equals("IDAT")) {
        inflater.setInput(bytes.data(), data, length);
        return true;
      } else if (type.equals("IEND")) {
        return false;
      }
    }
    return false;
  }

  private static void unfilter(int type, byte[] row, byte[] prev, int bpp) {
    switch (type) {
      case 0 -> {}
      case 1 -> {
        for (int i = bpp; i < row.length; i++) {
          row[i] += row[i - bpp];
        }
      }
      case 2 -> {
        for (int i = 0; i < row.length; i++) {
          row[i] += prev[i];
        }
      }
      case 3 -> {
        for (int i = 0; i < row.length; i++) {
          int left = i >= bpp ? row[i - bpp] & 0xff : 0;
          row[i] += (byte) ((left + (prev[i] & 0xff)) >> 1);
        }
      }
      case 4 -> {
        for (int i = 0; i < row.length; i++) {
          int a = i >= bpp ? row[i - bpp] & 0xff : 0;
          int c = i >= bpp ? prev[i - bpp] & 0xff : 0;
          row[i] += (byte) paeth(a, prev[i] & 0xff, c);
        }
      }
      default ->
          throw new ImageDecodeException(Reason.CORRUPT, "PNG row has unknown filter " + type);
    }
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }

  private void toRgb(byte[] row, int[] pixels, int offset) {
    int bands = header.bands();
    boolean colour = bands >= 3;
    boolean alpha = bands == 2 || bands == 4;
    for (int x = 0, i = 0; x < header.width(); x++, i += 2 * bands) {
      int r = sample(row, i);
      int g = colour ? sample(row, i + 2) : r;
      int b = colour ? sample(row, i + 4) : r;
      long a = alpha ? sample(row, i + 2 * (bands - 1)) : isKeyed(r, g, b, colour) ? 0 : MAX;
      pixels[offset + x] = BufferedImages.pack(to8(r, a), to8(g, a), to8(b, a));
    }
  }

  private boolean isKeyed(int r, int g, int b, boolean colour) {
    if (transparent == null) {
      return false;
    }
    return colour
        ? transparent.length >= 3
            && r == transparent[0]
            && g == transparent[1]
            && b == transparent[2]
        : transparent.length >= 1 && r == transparent[0];
  }

  /** A 16-bit level times a 16-bit coverage, rounded to 8 bits. */
  private static int to8(int level, long alpha) {
    long scaled = level * 255L * alpha / MAX;
    return (int) ((scaled + MAX / 2) / MAX);
  }

  private static int sample(byte[] row, int i) {
    return (row[i] & 0xff) << 8 | (row[i + 1] & 0xff);
  }
}
