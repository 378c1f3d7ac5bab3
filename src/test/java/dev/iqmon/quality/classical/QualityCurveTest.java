package dev.iqmon.quality.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QualityCurveTest {

  private final QualityCurve falling = QualityCurve.through(1, 100, 3, 60, 5, 20);

  @Test
  void shouldInterpolateBetweenAnchorsAndHoldBeyondThem() {
    assertThat(falling.quality(2)).isCloseTo(80, within(1e-9));
    assertThat(falling.quality(4.5)).isCloseTo(30, within(1e-9));
    assertThat(falling.quality(0)).isEqualTo(100);
    assertThat(falling.quality(9)).isEqualTo(20);
  }

  @Test
  void shouldTurnQualityIntoDamage() {
    assertThat(falling.damage(1)).isZero();
    assertThat(falling.damage(5)).isCloseTo(Math.log(5), within(1e-9));
  }

  @Test
  void shouldRefuseAnchorsThatAreNotMonotone() {
    assertThatThrownBy(() -> QualityCurve.through(1, 100, 2, 50, 3, 70))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QualityCurve.through(1, 100, 1, 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QualityCurve.through(1, 100, 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
