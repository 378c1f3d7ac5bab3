package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsdAnchorsTest {

  private final DetectorContract contract = DetectorLayouts.blazeFaceBack();
  private final SsdAnchors anchors = SsdAnchors.of(contract.ssd(), 256);

  @Test
  void shouldGiveBlazeFaceBackItsEightHundredAndNinetySixAnchors() {
    // 16 x 16 cells of 2 anchors (stride 16), then 8 x 8 cells of 6 (three layers of stride 32)
    assertThat(anchors.count()).isEqualTo(16 * 16 * 2 + 8 * 8 * 6).isEqualTo(896);
  }

  @Test
  void shouldCentreEachCellsAnchorsOnTheCellRowsFirst() {
    assertThat(anchors.x(0)).isCloseTo(0.5f / 16, within(1e-7f));
    assertThat(anchors.x(1)).isEqualTo(anchors.x(0));
    assertThat(anchors.x(2)).isCloseTo(1.5f / 16, within(1e-7f));
    assertThat(anchors.y(2)).isCloseTo(0.5f / 16, within(1e-7f));
    assertThat(anchors.y(32)).isCloseTo(1.5f / 16, within(1e-7f));
    assertThat(anchors.x(511)).isCloseTo(15.5f / 16, within(1e-7f));
  }

  @Test
  void shouldShareOneGridBetweenConsecutiveLayersOfTheSameStride() {
    for (int a = 512; a < 518; a++) {
      assertThat(anchors.x(a)).isCloseTo(0.5f / 8, within(1e-7f));
      assertThat(anchors.y(a)).isCloseTo(0.5f / 8, within(1e-7f));
    }
    assertThat(anchors.x(518)).isCloseTo(1.5f / 8, within(1e-7f));
    assertThat(anchors.x(895)).isCloseTo(7.5f / 8, within(1e-7f));
    assertThat(anchors.y(895)).isCloseTo(7.5f / 8, within(1e-7f));
  }

  @Test
  void shouldRefuseStridesThatDecrease() {
    var layout = new DetectorContract.SsdLayout(List.of(32, 16), 2, 0.5, 256, 100);
    assertThatThrownBy(() -> SsdAnchors.of(layout, 256)).hasMessageContaining("must not decrease");
  }
}
