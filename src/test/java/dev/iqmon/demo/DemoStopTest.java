package dev.iqmon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DemoStopTest {

  @Test
  void shouldStopWhenTheDurationHasPassed() throws Exception {
    DemoStop stop = new DemoStop(Duration.ofSeconds(5));
    long start = System.nanoTime();

    stop.await(Optional.of(Duration.ofMillis(100)));

    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMillis).isGreaterThanOrEqualTo(95).isLessThan(5_000);
  }

  @Test
  void shouldStopOnCtrlCAndHoldItUntilTheDemoHasFinished() throws Exception {
    DemoStop stop = new DemoStop(Duration.ofSeconds(30));
    AtomicBoolean closedByCtrlC = new AtomicBoolean();
    stop.closeIfStuck(() -> closedByCtrlC.set(true));
    CompletableFuture<Void> demo =
        CompletableFuture.runAsync(
            () -> {
              try {
                stop.await(Optional.empty());
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    CompletableFuture<Void> ctrlC = CompletableFuture.runAsync(stop::interrupt);

    demo.get(10, TimeUnit.SECONDS);
    assertThat(ctrlC).isNotDone();
    stop.finished();
    ctrlC.get(10, TimeUnit.SECONDS);
    assertThat(closedByCtrlC).isFalse();
  }

  @Test
  void shouldCloseWhatTheDemoLeftOpenWhenItDoesNotFinishInTime() {
    DemoStop stop = new DemoStop(Duration.ofMillis(50));
    AtomicBoolean closed = new AtomicBoolean();
    stop.closeIfStuck(() -> closed.set(true));

    stop.interrupt();

    assertThat(closed).isTrue();
  }

  @Test
  void shouldLetTheProcessEndWhenWhatItClosesItselfHangs() {
    DemoStop stop = new DemoStop(Duration.ofMillis(50));
    stop.closeIfStuck(() -> Thread.sleep(60_000));
    long start = System.nanoTime();

    stop.interrupt();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(DemoStop.LAST_RESORT.plusSeconds(1));
    assertThat(stop.interrupted()).isTrue();
  }
}
