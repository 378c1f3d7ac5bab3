package dev.iqmon.quality.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AreaResamplerTest {

  @Test
  void shouldAveragePairsWhenHalving() {
    float[] row = {0, 2, 4, 6, 8, 10};

    float[] half = new AreaResampler(6, 3).rows(row, 6, 1);

    assertThat(half).containsExactly(1, 5, 9);
  }

  @Test
  void shouldWeighPartlyCoveredSamplesByTheirShare() {
    float[] row = {0, 3, 6};

    float[] shrunk = new AreaResampler(3, 2).rows(row, 3, 1);

    // Outputs cover [0, 1.5) and [1.5, 3): (0 + 0.5 * 3) / 1.5 and (0.5 * 3 + 6) / 1.5.
    assertThat(shrunk[0]).isCloseTo(1f, within(1e-6f));
    assertThat(shrunk[1]).isCloseTo(5f, within(1e-6f));
  }

  @Test
  void shouldKeepTheMeanOfAPlaneAlongBothAxes() {
    int width = 37;
    int height = 23;
    float[] plane = new float[width * height];
    double sum = 0;
    for (int i = 0; i < plane.length; i++) {
      plane[i] = (i * 7919) % 255;
      sum += plane[i];
    }

    AreaResampler across = new AreaResampler(width, 10);
    AreaResampler down = new AreaResampler(height, 9);
    float[] shrunk = down.columns(across.rows(plane, width, height), 10);

    double shrunkSum = 0;
    for (float v : shrunk) {
      shrunkSum += v;
    }
    assertThat(shrunkSum / shrunk.length).isCloseTo(sum / plane.length, within(1e-3));
  }
}
