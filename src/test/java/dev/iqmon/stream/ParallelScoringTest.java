package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.config.WorkersConfig;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Records prepared and scored on a worker pool: outputs in input order, in-flight work bounded. */
class ParallelScoringTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * Scores like {@link BrightnessModel}, but darker images take longer, so later records often
   * finish first; remembers how many calls ran at once.
   */
  private static final class UnevenModel implements QualityModel {
    final BrightnessModel scorer = new BrightnessModel();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch open;

    UnevenModel(CountDownLatch open) {
      this.open = open;
    }

    @Override
    public ModelInfo info() {
      return scorer.info();
    }

    @Override
    public List<ImageResult> score(List<ImageJob> jobs) {
      calls.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        open.await();
        int grey = jobs.get(0).image().rgb(0, 0) & 0xff;
        Thread.sleep((255 - grey) / 10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      return scorer.score(jobs);
    }
  }

  private static ScoringWorkers pool(int threads, int maxInFlight) {
    return pool(threads, maxInFlight, IqmonMetrics.discarding());
  }

  private static ScoringWorkers pool(int threads, int maxInFlight, IqmonMetrics metrics) {
    return ScoringWorkers.start(new WorkersConfig(true, threads, maxInFlight, 64 << 20), metrics);
  }

  private static double gauge(SimpleMeterRegistry meters, String name) {
    return meters.get(name).gauge().value();
  }

  private static List<ImageQuality> awaitResults(TopologyHarness t, int count) {
    List<ImageQuality> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (out.size() < count && System.nanoTime() < deadline) {
      t.driver.advanceWallClockTime(Duration.ofMillis(5));
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      out.addAll(t.imageQuality.readValuesToList());
    }
    return out;
  }

  @Test
  void shouldPublishInInputOrderWhenLaterImagesFinishFirst() {
    UnevenModel model = new UnevenModel(new CountDownLatch(0));
    try (ScoringWorkers workers = pool(4, 8);
        TopologyHarness t = new TopologyHarness("{}", model, workers)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "img-" + i;
        ids.add(id);
        // Alternating dark (slow) and light (fast) images.
        t.publish(event("cam-1", id, T0.plusSeconds(i), pngScoring(i % 2 == 0 ? 5 : 95)));
      }

      List<ImageQuality> results = awaitResults(t, ids.size());

      assertThat(results).extracting(ImageQuality::getImageId).containsExactlyElementsOf(ids);
      assertThat(t.imageQuality.isEmpty()).isTrue();
      assertThat(model.mostAtOnce.get()).as("images scored at the same time").isGreaterThan(1);
    }
  }

  @Test
  void shouldKeepADeadLetterInItsPlace() {
    UnevenModel model = new UnevenModel(new CountDownLatch(0));
    try (ScoringWorkers workers = pool(3, 8);
        TopologyHarness t = new TopologyHarness("{}", model, workers)) {
      t.publish(event("cam-1", "a", T0, pngScoring(5)));
      t.publish(event("cam-1", "broken", T0, new byte[] {1, 2, 3}));
      t.publish(event("cam-1", "c", T0, pngScoring(95)));

      assertThat(awaitResults(t, 2)).extracting(ImageQuality::getImageId).containsExactly("a", "c");
      assertThat(t.deadLetters.readValuesToList())
          .extracting(DeadLetter::getImageId)
          .containsExactly("broken");
    }
  }

  @Test
  void shouldStopReadingWhileTheTaskHasTheMostRecordsInFlight() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    UnevenModel model = new UnevenModel(open);
    try (ScoringWorkers workers = pool(4, 3);
        TopologyHarness t = new TopologyHarness("{}", model, workers)) {
      Thread publisher =
          new Thread(
              () -> {
                for (int i = 0; i < 5; i++) {
                  t.publish(event("cam-1", "img-" + i, T0, pngScoring(50)));
                }
              });
      publisher.start();
      publisher.join(TimeUnit.SECONDS.toMillis(2));

      assertThat(publisher.isAlive()).as("the fourth record waits for room").isTrue();
      assertThat(model.calls.get()).isEqualTo(3);

      open.countDown();
      publisher.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(publisher.isAlive()).isFalse();
      assertThat(awaitResults(t, 5)).hasSize(5);
      assertThat(model.calls.get()).isEqualTo(5);
      assertThat(t.meters.get("iqmon.workers.wait").timer().count())
          .as("times the stream thread waited for room")
          .isPositive();
      assertThat(t.meters.get("iqmon.record.latency").timer().count()).isEqualTo(5);
    }
  }

  @Test
  void shouldExportTheWorkQueuedAndInFlightOnThePool() {
    CountDownLatch open = new CountDownLatch(1);
    UnevenModel model = new UnevenModel(open);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (ScoringWorkers workers = pool(1, 8, IqmonMetrics.boundTo(meters));
        TopologyHarness t = new TopologyHarness("{}", model, workers)) {
      assertThat(gauge(meters, "iqmon.workers.threads")).isZero();
      for (int i = 0; i < 3; i++) {
        t.publish(event("cam-1", "img-" + i, T0, pngScoring(50)));
      }

      assertThat(gauge(meters, "iqmon.workers.in.flight.records")).isEqualTo(3);
      assertThat(gauge(meters, "iqmon.workers.in.flight.bytes")).isPositive();
      assertThat(gauge(meters, "iqmon.workers.threads")).isEqualTo(1);
      assertThat(gauge(meters, "iqmon.workers.queue")).as("behind the blocked call").isPositive();

      open.countDown();
      assertThat(awaitResults(t, 3)).hasSize(3);
      assertThat(gauge(meters, "iqmon.workers.in.flight.records")).isZero();
      assertThat(gauge(meters, "iqmon.workers.in.flight.bytes")).isZero();
      assertThat(gauge(meters, "iqmon.workers.queue")).isZero();
    }
  }

  @Test
  void shouldBatchImagesPreparedOnThePool() {
    CountingModel model = new CountingModel();
    String batchOf4 = "model: {kind: learned, batch-size: 4, batch-wait: 1h}";
    try (ScoringWorkers workers = pool(2, 8);
        TopologyHarness t = new TopologyHarness(batchOf4, model, workers)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ids.add("img-" + i);
        t.publish(event("cam-1", "img-" + i, T0, pngScoring(10 * i)));
      }

      assertThat(awaitResults(t, 8))
          .extracting(ImageQuality::getImageId)
          .containsExactlyElementsOf(ids);
      assertThat(model.calls).containsExactly(4, 4);
    }
  }
}
