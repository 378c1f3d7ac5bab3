package dev.iqmon.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.RgbImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncoderInputTest {

  private static final float[] MEAN = {10, 20, 30};
  private static final float[] STD = {2, 4, 5};

  private static RgbImage flat(int w, int h, int r, int g, int b) {
    int[] pixels = new int[w * h];
    Arrays.fill(pixels, (r << 16) | (g << 8) | b);
    return new RgbImage(w, h, pixels);
  }

  private static EncoderSpec spec(EncoderLayout layout, int side) {
    return new EncoderSpec("in", "out", layout, side, MEAN, STD);
  }

  @Test
  void shouldResizeTheLongestSideNormaliseAndPadBottomAndRight() {
    EncoderInput input = EncoderInput.of(flat(3, 2, 110, 120, 130), spec(EncoderLayout.PADDED, 6));

    assertThat(input.shape()).containsExactly(1, 3, 6, 6);
    float[] expected = {(110 - 10) / 2f, (120 - 20) / 4f, (130 - 30) / 5f};
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 6; x++) {
          float v = input.values().get(c * 36 + y * 6 + x);
          // 3x2 becomes 6x4: rows 4 and 5 are padding.
          assertThat(v)
              .as("c%d (%d, %d)", c, x, y)
              .isCloseTo(y < 4 ? expected[c] : 0, within(1e-4f));
        }
      }
    }
  }

  @Test
  void shouldLeavePaddingToAnEncoderThatTakesTheResizedImage() {
    EncoderInput input =
        EncoderInput.of(flat(2, 4, 12, 24, 35), spec(EncoderLayout.RESIZED_HWC, 8));

    assertThat(input.shape()).containsExactly(8, 4, 3);
    assertThat(input.values().get(0)).isCloseTo(1f, within(1e-4f));
    assertThat(input.values().get(1)).isCloseTo(1f, within(1e-4f));
    assertThat(input.values().get(2)).isCloseTo(1f, within(1e-4f));
    assertThat(input.values().capacity()).isEqualTo(8 * 4 * 3);
  }

  @Test
  void shouldPassTheImageAtItsOwnSizeToAnEncoderThatResizesItself() {
    RgbImage image = new RgbImage(3, 1, new int[] {0x000000, 0x0a141e, 0xffffff});

    EncoderInput input = EncoderInput.of(image, spec(EncoderLayout.ORIGINAL, 1024));

    assertThat(input.shape()).containsExactly(1, 3, 1, 3);
    assertThat(input.values().get(0)).isEqualTo(-5f);
    assertThat(input.values().get(1)).isEqualTo(0f);
    assertThat(input.values().get(2)).isEqualTo((255 - 10) / 2f);
  }

  @Test
  void shouldAverageRatherThanAliasWhenShrinking() {
    int w = 64;
    int[] stripes = new int[w * 4];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = (i % 2 == 0) ? 0 : 0xfefefe;
    }

    float[][] planes = Resampler.resize(new RgbImage(w, 4, stripes), w / 2, 2);

    for (int x = 2; x < w / 2 - 2; x++) {
      assertThat(planes[0][x]).isCloseTo(127f, within(1f));
    }
  }
}
