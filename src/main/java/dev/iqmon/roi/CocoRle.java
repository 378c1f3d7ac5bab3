package dev.iqmon.roi;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;

/**
 * COCO run-length encoding of masks over a whole image: runs in column-major order, starting with a
 * run of background, written in COCO's compressed string form (5-bit groups, offset by 48, with
 * each count after the second stored as the difference to the count two before).
 */
public final class CocoRle {

  private CocoRle() {}

  /** The runs of a mask over an image of the given size. */
  public static long[] counts(RegionMask mask, int imageWidth, int imageHeight) {
    PixelBox b = mask.bounds();
    if (!b.fitsIn(imageWidth, imageHeight)) {
      throw new IllegalArgumentException(
          "mask bounds " + b + " exceed the image " + imageWidth + "x" + imageHeight);
    }
    RunBuilder runs = new RunBuilder();
    runs.add(false, (long) b.x() * imageHeight);
    long[] words = mask.bits().toLongArray();
    int w = b.width();
    int h = b.height();
    for (int x = 0; x < w; x++) {
      runs.add(false, b.y());
      int y = 0;
      while (y < h) {
        boolean inside = bit(words, y * w + x);
        int start = y;
        do {
          y++;
        } while (y < h && bit(words, y * w + x) == inside);
        runs.add(inside, y - start);
      }
      runs.add(false, imageHeight - b.bottom());
    }
    runs.add(false, (long) (imageWidth - b.right()) * imageHeight);
    return runs.finish();
  }

  /** Bit {@code index} of a {@link BitSet}'s words; past the last word, clear. */
  private static boolean bit(long[] words, int index) {
    int word = index >>> 6;
    return word < words.length && (words[word] & (1L << index)) != 0;
  }

  public static String encode(RegionMask mask, int imageWidth, int imageHeight) {
    return toCompressedString(counts(mask, imageWidth, imageHeight));
  }

  /** The mask of an encoded string, or empty when it has no foreground pixel. */
  public static Optional<RegionMask> decode(String compressed, int imageWidth, int imageHeight) {
    long[] counts = fromCompressedString(compressed);
    long total = Arrays.stream(counts).sum();
    if (total != (long) imageWidth * imageHeight) {
      throw new IllegalArgumentException(
          "RLE covers "
              + total
              + " pixels, but the image "
              + imageWidth
              + "x"
              + imageHeight
              + " has "
              + (long) imageWidth * imageHeight);
    }
    return fromCounts(counts, imageWidth, imageHeight);
  }

  static Optional<RegionMask> fromCounts(long[] counts, int imageWidth, int imageHeight) {
    int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
    long pos = 0;
    for (int i = 0; i < counts.length; i++) {
      if (i % 2 == 1 && counts[i] > 0) {
        long first = pos;
        long last = pos + counts[i] - 1;
        minX = Math.min(minX, (int) (first / imageHeight));
        maxX = Math.max(maxX, (int) (last / imageHeight));
        boolean wholeColumns = last / imageHeight > first / imageHeight;
        minY = Math.min(minY, wholeColumns ? 0 : (int) (first % imageHeight));
        maxY = Math.max(maxY, wholeColumns ? imageHeight - 1 : (int) (last % imageHeight));
      }
      pos += counts[i];
    }
    if (maxX < 0) {
      return Optional.empty();
    }
    PixelBox bounds = new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
    BitSet bits = new BitSet();
    pos = 0;
    for (int i = 0; i < counts.length; i++) {
      if (i % 2 == 1) {
        for (long p = pos; p < pos + counts[i]; p++) {
          int x = (int) (p / imageHeight);
          int y = (int) (p % imageHeight);
          bits.set((y - minY) * bounds.width() + (x - minX));
        }
      }
      pos += counts[i];
    }
    return Optional.of(new RegionMask(bounds, bits));
  }

  static String toCompressedString(long[] counts) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      long x = counts[i] - (i > 2 ? counts[i - 2] : 0);
      boolean more = true;
      while (more) {
        long c = x & 0x1f;
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        out.append((char) (c + 48));
      }
    }
    return out.toString();
  }

  static long[] fromCompressedString(String s) {
    long[] counts = new long[s.length()];
    int m = 0;
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p >= s.length()) {
          throw new IllegalArgumentException("RLE string ends inside a count");
        }
        long c = s.charAt(p++) - 48;
        if (c < 0 || c > 63) {
          throw new IllegalArgumentException(
              "RLE string has a character outside COCO's alphabet at " + (p - 1));
        }
        x |= (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (m > 2) {
        x += counts[m - 2];
      }
      if (x < 0) {
        throw new IllegalArgumentException("RLE string decodes to a negative run");
      }
      counts[m++] = x;
    }
    return Arrays.copyOf(counts, m);
  }

  /** Collects alternating runs, background first, merging neighbours of the same value. */
  private static final class RunBuilder {
    private long[] runs = new long[16];
    private int size = 1;
    private boolean current = false;

    void add(boolean value, long length) {
      if (length == 0) {
        return;
      }
      if (value != current) {
        if (size == runs.length) {
          runs = Arrays.copyOf(runs, size * 2);
        }
        size++;
        current = value;
      }
      runs[size - 1] += length;
    }

    long[] finish() {
      return Arrays.copyOf(runs, size);
    }
  }
}
