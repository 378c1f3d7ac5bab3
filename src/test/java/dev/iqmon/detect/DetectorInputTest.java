package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.NativeBuffers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorInputTest {

  @Test
  void shouldLetterboxAndNormaliseEachChannelInTheContractsOrder() {
    // 8 x 4, left half pure red, right half (10, 20, 30); into a 4 x 4 input: 4 x 2 rows 1-2
    int[] pixels = new int[32];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        pixels[y * 8 + x] = x < 4 ? 0xff0000 : 0x0a141e;
      }
    }
    DetectorContract contract = DetectorLayouts.gfl(4, List.of(4)); // BGR, mean 100/110/120
    FloatBuffer out = NativeBuffers.floats(3 * 16);

    Letterbox box = DetectorInput.put(new RgbImage(8, 4, pixels), contract, out);

    assertThat(box.top()).isEqualTo(1);
    float[] v = new float[48];
    out.rewind().get(v);
    float[] blue = Arrays.copyOfRange(v, 0, 16);
    float[] red = Arrays.copyOfRange(v, 32, 48);
    assertThat(blue[0]).isCloseTo(-100f / 50, within(1e-6f)); // a black band: pixel 0
    assertThat(blue[4]).isCloseTo(-100f / 50, within(1e-6f)); // red's blue: 0
    assertThat(blue[6]).isCloseTo((30 - 100f) / 50, within(1e-6f));
    assertThat(red[4]).isCloseTo((255 - 120f) / 60, within(1e-6f));
    assertThat(red[7]).isCloseTo((10 - 120f) / 60, within(1e-6f));
    assertThat(red[12]).isCloseTo(-120f / 60, within(1e-6f)); // the band below
  }
}
