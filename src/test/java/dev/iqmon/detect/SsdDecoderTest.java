package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SsdDecoderTest {

  private final DetectorContract contract = DetectorLayouts.blazeFaceBack();
  private final SsdAnchors anchors = SsdAnchors.of(contract.ssd(), 256);
  private final float[] scores16 = filled(512, -20);
  private final float[] scores32 = filled(384, -20);
  private final float[] boxes16 = new float[512 * 16];
  private final float[] boxes32 = new float[384 * 16];

  @Test
  void shouldPlaceTheBoxAtTheAnchorPlusTheOffsetWithTheSizeGiven() {
    // anchor 512 is the first of stride 32: centre (0.0625, 0.0625) of 256 = (16, 16) pixels
    scores32[0] = 2;
    System.arraycopy(new float[] {8, -4, 40, 60}, 0, boxes32, 0, 4);

    List<Detection> found = SsdDecoder.decode(contract, anchors, outputs(), 0, 0.5);

    assertThat(found).hasSize(1);
    Detection d = found.get(0);
    assertThat(d.label()).isEqualTo("face");
    assertThat(d.confidence()).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-9));
    // centre (24, 12), 40 x 60, clipped at the top
    assertThat(new double[] {d.x0(), d.y0(), d.x1(), d.y1()})
        .containsExactly(new double[] {4, 0, 44, 42}, within(1e-4));
  }

  @Test
  void shouldClipScoreLogitsBeforeTheSigmoid() {
    scores16[33] = 9618; // a logit far outside the clip: confidence 1, not NaN
    boxes16[33 * 16 + 2] = 20;
    boxes16[33 * 16 + 3] = 20;

    Detection d = SsdDecoder.decode(contract, anchors, outputs(), 0, 0.5).get(0);

    assertThat(d.confidence()).isEqualTo(1.0);
    // anchor 33: cell (0, 1) of stride 16, centre (8, 24); 20 x 20, clipped at the left
    assertThat(d.x0()).isZero();
    assertThat(d.y0()).isCloseTo(14, within(1e-4));
  }

  @Test
  void shouldLeaveOutAnchorsUnderTheLeastConfidenceAndBoxesWithNoSize() {
    scores16[5] = 0; // 0.5 exactly, kept at 0.5
    scores16[7] = -1; // 0.27
    boxes16[5 * 16 + 2] = 10;
    boxes16[5 * 16 + 3] = 10;
    scores16[9] = 3; // confident, but a box of no size

    assertThat(SsdDecoder.decode(contract, anchors, outputs(), 0, 0.5)).hasSize(1);
  }

  private DetectorOutputs outputs() {
    return new DetectorOutputs(
        Map.of(
            "scores_16", scores16, "scores_32", scores32, "boxes_16", boxes16, "boxes_32", boxes32),
        1);
  }

  private static float[] filled(int n, float v) {
    float[] out = new float[n];
    Arrays.fill(out, v);
    return out;
  }
}
