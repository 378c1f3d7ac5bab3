package dev.iqmon.image;

/**
 * A 64-bit fingerprint of an image's decoded pixels, as 16 hex digits: equal for images with the
 * same size and pixels, however they were encoded, and different (but for a 2^-64 chance) for any
 * other content. It tells a frozen feed, one that keeps sending the same frame, from a live one; it
 * is not a perceptual hash, so a live scene with sensor noise never matches itself.
 */
public final class ContentFingerprint {

  private static final long PRIME = 0x9E3779B97F4A7C15L;

  private ContentFingerprint() {}

  public static String of(RgbImage image) {
    int[] pixels = image.pixels();
    // Four independent lanes, so the multiplications overlap.
    long a = 1;
    long b = 2;
    long c = 3;
    long d = 4;
    int i = 0;
    for (; i + 3 < pixels.length; i += 4) {
      a = (a + pixels[i]) * PRIME;
      b = (b + pixels[i + 1]) * PRIME;
      c = (c + pixels[i + 2]) * PRIME;
      d = (d + pixels[i + 3]) * PRIME;
    }
    for (; i < pixels.length; i++) {
      a = (a + pixels[i]) * PRIME;
    }
    long h = mix(a) ^ Long.rotateLeft(mix(b), 16) ^ Long.rotateLeft(mix(c), 32);
    h ^= Long.rotateLeft(mix(d), 48) ^ mix(((long) image.width() << 32) | image.height());
    return String.format("%016x", mix(h));
  }

  /** The finaliser of MurmurHash3: every input bit affects every output bit. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
