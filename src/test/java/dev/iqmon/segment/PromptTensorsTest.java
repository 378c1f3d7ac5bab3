package dev.iqmon.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.roi.ModelFrame;
import dev.iqmon.roi.RoiShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTensorsTest {

  private static final ModelFrame FRAME = new ModelFrame(2048, 1024, 1024);

  @Test
  void shouldGiveABoxItsTwoCornersWithLabelsTwoAndThreeInTheModelFrame() {
    RoiShape.Prompt box =
        new RoiShape.Prompt(new RoiShape.Box(100, 50, 200, 300, false), List.of());

    PromptTensors t = PromptTensors.of(List.of(box), FRAME);

    assertThat(t.points()).isEqualTo(2);
    assertThat(t.coords()).containsExactly(new float[] {50, 25, 150, 175}, within(1e-4f));
    assertThat(t.labels()).containsExactly(2, 3);
  }

  @Test
  void shouldPadPointsWithoutABoxWithOnePaddingPoint() {
    RoiShape.Prompt points =
        new RoiShape.Prompt(
            null,
            List.of(
                new RoiShape.PromptPoint(10, 20, true), new RoiShape.PromptPoint(30, 40, false)));

    PromptTensors t = PromptTensors.of(List.of(points), null);

    assertThat(t.coords()).containsExactly(10, 20, 30, 40, 0, 0);
    assertThat(t.labels()).containsExactly(1, 0, -1);
  }

  @Test
  void shouldPutPointsBeforeTheBoxCorners() {
    RoiShape.Prompt both =
        new RoiShape.Prompt(
            new RoiShape.Box(0, 0, 8, 8, false), List.of(new RoiShape.PromptPoint(4, 4, true)));

    PromptTensors t = PromptTensors.of(List.of(both, both), null);

    assertThat(t.prompts()).isEqualTo(2);
    assertThat(t.labels()).containsExactly(1, 2, 3, 1, 2, 3);
    assertThat(t.coords()).containsExactly(4, 4, 0, 0, 8, 8, 4, 4, 0, 0, 8, 8);
  }

  @Test
  void shouldRefuseToBatchPromptsOfDifferentPointCounts() {
    RoiShape.Prompt box = new RoiShape.Prompt(new RoiShape.Box(0, 0, 8, 8, false), List.of());
    RoiShape.Prompt three =
        new RoiShape.Prompt(
            null,
            List.of(new RoiShape.PromptPoint(1, 1, true), new RoiShape.PromptPoint(2, 2, true)));

    assertThatThrownBy(() -> PromptTensors.of(List.of(box, three), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PromptTensors.pointCount(box)).isEqualTo(2);
    assertThat(PromptTensors.pointCount(three)).isEqualTo(3);
  }
}
