package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

  @Test
  void shouldKeepOnlyTheMostConfidentOfOverlappingBoxesOfOneClass() {
    Detection best = new Detection("person", 0.9, 10, 10, 110, 210);
    Detection shifted = new Detection("person", 0.6, 15, 12, 115, 212);
    Detection elsewhere = new Detection("person", 0.5, 300, 10, 400, 210);

    List<Detection> kept = NonMaxSuppression.perLabel(List.of(shifted, elsewhere, best), 0.6);

    assertThat(kept).containsExactly(best, elsewhere);
  }

  @Test
  void shouldKeepOverlappingBoxesOfDifferentClasses() {
    Detection person = new Detection("person", 0.8, 10, 10, 110, 210);
    Detection face = new Detection("face", 0.7, 10, 10, 110, 210);

    assertThat(NonMaxSuppression.perLabel(List.of(face, person), 0.3))
        .containsExactly(person, face);
  }

  @Test
  void shouldKeepBoxesThatOverlapLessThanTheThreshold() {
    Detection a = new Detection("car", 0.8, 0, 0, 100, 100);
    Detection b = new Detection("car", 0.7, 50, 0, 150, 100); // IoU 1/3

    assertThat(NonMaxSuppression.perLabel(List.of(a, b), 0.6)).containsExactly(a, b);
    assertThat(NonMaxSuppression.perLabel(List.of(a, b), 0.3)).containsExactly(a);
  }
}
