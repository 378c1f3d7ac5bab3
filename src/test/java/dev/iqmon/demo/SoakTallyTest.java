package dev.iqmon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakTallyTest {

  @Test
  void shouldCountOutcomesByFeedAndReportLatencyPerInterval() {
    SoakTally tally = new SoakTally();
    for (int i = 1; i <= 100; i++) {
      tally.result("cam-1", i);
    }
    tally.deadLetter("cam-1");
    tally.deadLetter(null);

    SoakTally.Interval first = tally.takeInterval();
    tally.result("cam-2", 7);
    SoakTally.Interval second = tally.takeInterval();

    assertThat(first).isEqualTo(new SoakTally.Interval(100, 50, 99));
    assertThat(second).isEqualTo(new SoakTally.Interval(1, 7, 7));
    assertThat(tally.takeInterval()).isEqualTo(new SoakTally.Interval(0, -1, -1));
    assertThat(tally.results()).isEqualTo(Map.of("cam-1", 100L, "cam-2", 1L, "?", 0L));
    assertThat(tally.deadLetters()).isEqualTo(Map.of("cam-1", 1L, "cam-2", 0L, "?", 1L));
  }
}
