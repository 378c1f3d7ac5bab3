package dev.iqmon.image;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads of unsigned integers from a byte array, big- or little-endian. A read past
 * the end throws {@link IndexOutOfBoundsException}, which header parsing turns into a clear
 * refusal.
 */
final class Bytes {

  private final byte[] data;
  private final boolean littleEndian;

  Bytes(byte[] data, boolean littleEndian) {
    this.data = data;
    this.littleEndian = littleEndian;
  }

  /** The same bytes read in the other, or the same, byte order. */
  Bytes withOrder(boolean little) {
    return new Bytes(data, little);
  }

  /** The underlying array, shared. */
  byte[] data() {
    return data;
  }

  int length() {
    return data.length;
  }

  int u8(int at) {
    return data[at] & 0xff;
  }

  int u16(int at) {
    check(at, 2);
    return littleEndian ? u8(at) | u8(at + 1) << 8 : u8(at) << 8 | u8(at + 1);
  }

  int u24(int at) {
    check(at, 3);
    return littleEndian
        ? u8(at) | u8(at + 1) << 8 | u8(at + 2) << 16
        : u8(at) << 16 | u8(at + 1) << 8 | u8(at + 2);
  }

  /** Four bytes as a signed int (PNG and RIFF lengths beyond 2^31 come out negative). */
  int s32(int at) {
    check(at, 4);
    return littleEndian
        ? u16(at) | u16(at + 2) << 16
        : u8(at) << 24 | u8(at + 1) << 16 | u8(at + 2) << 8 | u8(at + 3);
  }

  String ascii(int at, int length) {
    check(at, length);
    return new String(data, at, length, StandardCharsets.ISO_8859_1);
  }

  boolean startsWith(int at, String text) {
    return at >= 0 && at + text.length() <= data.length && ascii(at, text.length()).equals(text);
  }

  private void check(int at, int length) {
    if (at < 0 || at + length > data.length) {
      throw new IndexOutOfBoundsException(
          "bytes " + at + ".." + (at + length) + " of " + data.length);
    }
  }
}
