package dev.iqmon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

  @Test
  void shouldWaitUntilEveryPublishedImageHasComeOut() throws Exception {
    SoakTally tally = new SoakTally();
    Map<String, Long> published = Map.of("cam-1", 2L, "cam-2", 1L);
    tally.result("cam-1", 5);
    Thread late =
        new Thread(
            () -> {
              tally.deadLetter("cam-1");
              tally.result("cam-2", 9);
            });

    late.start();

    assertThat(tally.awaitConserved(published, Duration.ofSeconds(30))).isTrue();
    late.join();
  }

  @Test
  void shouldSayWhenCountsDoNotAddUpInTime() throws Exception {
    SoakTally tally = new SoakTally();
    tally.result("cam-1", 5);
    tally.result("cam-3", 5);
    long start = System.nanoTime();

    boolean conserved = tally.awaitConserved(Map.of("cam-1", 1L), Duration.ofMillis(200));

    assertThat(conserved).isFalse();
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(195);
    assertThat(tally.conserved(Map.of("cam-1", 1L, "cam-3", 1L))).isTrue();
  }
}
