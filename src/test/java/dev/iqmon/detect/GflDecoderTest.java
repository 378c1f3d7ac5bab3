package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GflDecoderTest {

  private static final int BINS = GflOutputs.BINS;
  private final DetectorContract contract = DetectorLayouts.gfl(64, List.of(8, 16));

  @Test
  void shouldPlaceTheBoxAroundTheCellCentreAtTheExpectedDistanceOfEachSide() {
    GflOutputs out = new GflOutputs(2);
    // stride 8, cell (x 2, y 3): centre (20, 28); sides 2, 1, 3 and 4 bins of 8 pixels
    out.cell(1, 8, 3 * 8 + 2, 1, 0.7f, new int[] {2, 1, 3, 4});

    List<Detection> found = GflDecoder.decode(contract, out.outputs(), 1, 0.3);

    assertThat(found).hasSize(1);
    Detection d = found.get(0);
    assertThat(d.label()).isEqualTo("car");
    assertThat(d.confidence()).isCloseTo(0.7, within(1e-6));
    assertThat(new double[] {d.x0(), d.y0(), d.x1(), d.y1()})
        .containsExactly(new double[] {4, 20, 44, 60}, within(1e-6));
  }

  @Test
  void shouldTakeTheExpectationOfTheBinsNotTheMostLikelyOne() {
    float[] logits = new float[BINS];
    for (int i = 0; i < BINS; i++) {
      logits[i] = i == 1 || i == 4 ? 5 : -30; // two equally likely bins, nothing else
    }
    assertThat(GflDecoder.expectation(logits, 0, BINS)).isCloseTo(2.5, within(1e-9));
  }

  @Test
  void shouldReadTheCellsOfEachStrideAndImage() {
    GflOutputs out = new GflOutputs(2);
    out.cell(0, 16, 5, 0, 0.9f, new int[] {1, 1, 1, 1}); // stride 16, cell (1, 1): centre (24, 24)
    out.cell(1, 16, 5, 0, 0.2f, new int[] {1, 1, 1, 1}); // under the least confidence

    List<Detection> first = GflDecoder.decode(contract, out.outputs(), 0, 0.3);

    assertThat(first).extracting(Detection::label).containsExactly("person");
    assertThat(first.get(0).x0()).isCloseTo(8, within(1e-6));
    assertThat(GflDecoder.decode(contract, out.outputs(), 1, 0.3)).isEmpty();
  }

  @Test
  void shouldClipBoxesToTheInput() {
    GflOutputs out = new GflOutputs(1);
    out.cell(0, 8, 0, 0, 0.9f, new int[] {10, 10, 1, 1}); // centre (4, 4), 80 pixels up and left

    Detection d = GflDecoder.decode(contract, out.outputs(), 0, 0.3).get(0);

    assertThat(d.x0()).isZero();
    assertThat(d.y0()).isZero();
  }
}
