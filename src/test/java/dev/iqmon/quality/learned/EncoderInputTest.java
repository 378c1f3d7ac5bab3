package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderInputTest {

  private static final int CELL = 16;
  private static final long UHD = 3840L * 2160;

  @Test
  void shouldKeepFramesUpTo4kAtTheirOwnSize() {
    assertThat(EncoderInput.fit(3840, 2160, CELL, UHD)).isEqualTo(new EncoderInput(3840, 2160));
    assertThat(EncoderInput.fit(1920, 1080, CELL, UHD)).isEqualTo(new EncoderInput(1920, 1080));
    assertThat(EncoderInput.fit(600, 400, CELL, UHD)).isEqualTo(new EncoderInput(600, 400));
  }

  @Test
  void shouldShrinkALargerFrameToThePixelCapKeepingItsAspect() {
    EncoderInput input = EncoderInput.fit(4000, 3000, CELL, UHD);

    assertThat(input.pixels()).isLessThanOrEqualTo(UHD).isGreaterThan(UHD - 4000);
    assertThat((double) input.width() / input.height()).isCloseTo(4 / 3.0, within(1e-3));
    assertThat(input.resizes(4000, 3000)).isTrue();
  }

  @Test
  void shouldEnlargeAnImageNarrowerThanOneCell() {
    assertThat(EncoderInput.fit(4, 6, CELL, UHD)).isEqualTo(new EncoderInput(16, 24));
    assertThat(EncoderInput.fit(300, 10, CELL, UHD)).isEqualTo(new EncoderInput(480, 16));
  }

  @Test
  void shouldHoldAVeryLongThinImageToOneCellAcrossWithinTheCap() {
    EncoderInput input = EncoderInput.fit(1_000_000, 1, CELL, UHD);

    assertThat(input.height()).isEqualTo(CELL);
    assertThat(input.pixels()).isLessThanOrEqualTo(UHD);
  }

  @Test
  void shouldGroupSameSizedInputsInBatchOrderAndSplitThemAtThePixelCap() {
    EncoderInput small = new EncoderInput(64, 48);
    EncoderInput large = new EncoderInput(128, 96);

    List<List<Integer>> calls =
        EncoderInput.calls(List.of(small, large, small, small, large), 2 * small.pixels());

    assertThat(calls).containsExactly(List.of(0, 2), List.of(3), List.of(1), List.of(4));
  }
}
