package dev.iqmon.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskLogitsTest {

  @Test
  void shouldKeepThePixelsWhoseLogitIsAboveTheThreshold() {
    float[] logits = {
      -5, -5, -5, -5, -5, //
      -5, 0.5f, 2, -5, -5, //
      -5, -5, 3, 0, -5, //
      -5, -5, -5, -5, -5,
    };

    MaskLogits.Thresholded t =
        MaskLogits.threshold(MaskLogits.atImageSize(logits, 0, 5), 5, 4, 0, 1);

    RegionMask mask = t.mask().orElseThrow();
    assertThat(mask.bounds()).isEqualTo(new PixelBox(1, 1, 2, 2));
    assertThat(mask.area()).isEqualTo(3);
    assertThat(mask.contains(1, 1)).isTrue();
    assertThat(mask.contains(2, 2)).isTrue();
    assertThat(mask.contains(1, 2)).isFalse();
    assertThat(mask.contains(3, 2)).isFalse();
    // Above +1: 2 and 3; above -1: 0.5, 2, 3 and 0.
    assertThat(t.stability()).isEqualTo(2 / 4.0);
  }

  @Test
  void shouldFindNoMaskWhenNoLogitIsAboveTheThreshold() {
    float[] logits = {-1, -2, 0, -0.5f};

    MaskLogits.Thresholded t =
        MaskLogits.threshold(MaskLogits.atImageSize(logits, 0, 2), 2, 2, 0, 1);

    assertThat(t.mask()).isEmpty();
  }

  @Test
  void shouldReadAPromptsLogitsFromItsOffset() {
    float[] two = {-1, -1, -1, -1, /* second */ -1, 1, -1, -1};

    RegionMask mask =
        MaskLogits.threshold(MaskLogits.atImageSize(two, 4, 2), 2, 2, 0, 1).mask().orElseThrow();

    assertThat(mask.bounds()).isEqualTo(new PixelBox(1, 0, 1, 1));
  }

  @ParameterizedTest
  @CsvSource({"301, 199, 64, 16", "199, 301, 64, 16", "1920, 1080, 1024, 256", "7, 3, 64, 16"})
  void shouldUpsampleLowResolutionLogitsAsResizeCropResize(int w, int h, int side, int low) {
    Random random = new Random(w + 7L * h);
    float[] logits = new float[3 + low * low];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian() * 10;
    }
    ModelFrame frame = new ModelFrame(w, h, side);
    float[] lowRes = java.util.Arrays.copyOfRange(logits, 3, logits.length);
    float[] atSide = bilinear(lowRes, low, low, side, side);
    float[] cropped = crop(atSide, side, frame.resizedWidth(), frame.resizedHeight());
    float[] expected = bilinear(cropped, frame.resizedWidth(), frame.resizedHeight(), w, h);

    MaskLogits.Rows rows = MaskLogits.upsampled(logits, 3, low, low, frame);

    float[] row = new float[w];
    for (int y = 0; y < h; y++) {
      rows.row(y, row);
      for (int x = 0; x < w; x++) {
        assertThat(row[x]).as("(%d, %d)", x, y).isCloseTo(expected[y * w + x], within(1e-3f));
      }
    }
  }

  @Test
  void shouldReproduceALinearFunctionOfTheModelFrameAtEachPixelCentre() {
    int side = 64;
    int low = 16;
    ModelFrame frame = new ModelFrame(301, 199, side);
    float[] logits = new float[low * low];
    for (int i = 0; i < low; i++) {
      for (int j = 0; j < low; j++) {
        // 2x - y - 7 at the low-resolution cell centres of the model frame.
        double mx = (j + 0.5) * side / low;
        double my = (i + 0.5) * side / low;
        logits[i * low + j] = (float) (2 * mx - my - 7);
      }
    }
    MaskLogits.Rows rows = MaskLogits.upsampled(logits, 0, low, low, frame);
    float[] row = new float[301];
    // Inside the outermost low-resolution cell centres, beyond which resampling clamps.
    for (int y = 20; y < 199; y += 7) {
      rows.row(y, row);
      for (int x = 20; x < 285; x += 3) {
        double mx = (x + 0.5) * frame.scaleX();
        double my = (y + 0.5) * frame.scaleY();
        assertThat(row[x]).isCloseTo((float) (2 * mx - my - 7), within(1e-3f));
      }
    }
  }

  /** PyTorch's bilinear interpolation with {@code align_corners=False}, written out plainly. */
  static float[] bilinear(float[] in, int inW, int inH, int outW, int outH) {
    float[] out = new float[outW * outH];
    for (int y = 0; y < outH; y++) {
      double sy = Math.max(0, (y + 0.5) * inH / outH - 0.5);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, inH - 1);
      double fy = sy - y0;
      for (int x = 0; x < outW; x++) {
        double sx = Math.max(0, (x + 0.5) * inW / outW - 0.5);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, inW - 1);
        double fx = sx - x0;
        double top = (1 - fx) * in[y0 * inW + x0] + fx * in[y0 * inW + x1];
        double bottom = (1 - fx) * in[y1 * inW + x0] + fx * in[y1 * inW + x1];
        out[y * outW + x] = (float) ((1 - fy) * top + fy * bottom);
      }
    }
    return out;
  }

  private static float[] crop(float[] in, int inW, int w, int h) {
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, y * inW, out, y * w, w);
    }
    return out;
  }
}
