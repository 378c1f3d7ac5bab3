package dev.iqmon.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CocoRleTest {

  @Test
  void shouldWriteCountsInCocosCompressedAlphabet() {
    // 3, 4, 2 as themselves; then 6 - 4 = 2 and 1 - 2 = -1 (31 with the sign bit, no more groups).
    assertThat(CocoRle.toCompressedString(new long[] {3, 4, 2, 6, 1})).isEqualTo("3422O");
    // 100 = 0b11_00100: low group 4 with the continuation bit (36), then 3.
    assertThat(CocoRle.toCompressedString(new long[] {100})).isEqualTo("T3");
    assertThat(CocoRle.fromCompressedString("3422O")).containsExactly(3, 4, 2, 6, 1);
    assertThat(CocoRle.fromCompressedString("T3")).containsExactly(100);
  }

  @Test
  void shouldRunColumnByColumnStartingWithBackground() {
    // 3x2 image, foreground at (1, 0) and (1, 1): column 0 empty, column 1 full, column 2 empty.
    RegionMask mask = mask(1, 0, 1, 2, 0, 1);

    assertThat(CocoRle.counts(mask, 3, 2)).containsExactly(2, 2, 2);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "1, 9", "9, 1", "37, 23", "23, 37", "640, 3"})
  void shouldDecodeWhatItEncodesForRandomMasks(int w, int h) {
    Random random = new Random(w * 1000L + h);
    for (int trial = 0; trial < 20; trial++) {
      int bx = random.nextInt(w);
      int by = random.nextInt(h);
      PixelBox bounds =
          new PixelBox(bx, by, 1 + random.nextInt(w - bx), 1 + random.nextInt(h - by));
      BitSet bits = new BitSet();
      for (int i = 0; i < bounds.area(); i++) {
        if (random.nextDouble() < 0.6) {
          bits.set(i);
        }
      }
      RegionMask mask = new RegionMask(bounds, bits);

      String rle = CocoRle.encode(mask, w, h);

      if (mask.area() == 0) {
        assertThat(CocoRle.decode(rle, w, h)).isEmpty();
      } else {
        assertSamePixels(CocoRle.decode(rle, w, h).orElseThrow(), mask, w, h);
      }
    }
  }

  @Test
  void shouldRoundTripTheWholeImageAndEachCornerPixel() {
    int w = 17;
    int h = 11;
    RegionMask whole = new RegionMask(PixelBox.whole(w, h), full(w * h));
    assertThat(CocoRle.counts(whole, w, h)).containsExactly(0, w * h);
    assertSamePixels(CocoRle.decode(CocoRle.encode(whole, w, h), w, h).orElseThrow(), whole, w, h);
    for (int[] corner : new int[][] {{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}}) {
      RegionMask pixel = new RegionMask(new PixelBox(corner[0], corner[1], 1, 1), full(1));

      RegionMask back = CocoRle.decode(CocoRle.encode(pixel, w, h), w, h).orElseThrow();

      assertThat(back.bounds()).isEqualTo(pixel.bounds());
      assertThat(back.area()).isEqualTo(1);
    }
  }

  @Test
  void shouldRoundTripRunsLongerThanOneGroupOfFiveBits() {
    int w = 1920;
    int h = 1080;
    RegionMask band = new RegionMask(new PixelBox(100, 0, 1500, h), full(1500 * h));

    String rle = CocoRle.encode(band, w, h);

    assertThat(CocoRle.fromCompressedString(rle)).containsExactly(100L * h, 1500L * h, 320L * h);
    assertSamePixels(CocoRle.decode(rle, w, h).orElseThrow(), band, w, h);
  }

  @Test
  void shouldEncodeAMaskWithNoPixelAsOneRunOfBackground() {
    RegionMask empty = new RegionMask(new PixelBox(2, 2, 3, 3), new BitSet());

    assertThat(CocoRle.counts(empty, 8, 8)).containsExactly(64);
    assertThat(CocoRle.decode(CocoRle.encode(empty, 8, 8), 8, 8)).isEmpty();
  }

  @Test
  void shouldRefuseRunsThatDoNotCoverTheImage() {
    assertThatThrownBy(() -> CocoRle.decode("35", 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covers 8 pixels");
    assertThatThrownBy(() -> CocoRle.decode("3 ", 3, 3))
        .hasMessageContaining("outside COCO's alphabet");
    assertThatThrownBy(() -> CocoRle.decode("T", 3, 3)).hasMessageContaining("ends inside");
  }

  private static BitSet full(int n) {
    BitSet bits = new BitSet();
    bits.set(0, n);
    return bits;
  }

  /** A mask over {@code (x, y, w, h)} with the listed pixels, given as bit indices, set. */
  private static RegionMask mask(int x, int y, int w, int h, int... setBits) {
    BitSet bits = new BitSet();
    for (int b : setBits) {
      bits.set(b);
    }
    return new RegionMask(new PixelBox(x, y, w, h), bits);
  }

  private static void assertSamePixels(RegionMask actual, RegionMask expected, int w, int h) {
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        assertThat(actual.contains(x, y)).as("(%d, %d)", x, y).isEqualTo(expected.contains(x, y));
      }
    }
    assertThat(actual.area()).isEqualTo(expected.area());
  }
}
