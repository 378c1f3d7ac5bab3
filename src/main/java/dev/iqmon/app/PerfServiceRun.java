package dev.iqmon.app;

import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.TempDirs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The whole service on one pass over images already on its input topic: it starts with a consumer
 * group of its own and reads the topic from the start; it is timed from the moment the first
 * outcomes (see {@link PerfMeasurement#skipped}) have left the scoring step to the moment the last
 * one has.
 */
final class PerfServiceRun {

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private PerfServiceRun() {}

  static PerfMeasurement run(IqmonConfig config, int images) {
    try (IqmonService service = IqmonService.start(config)) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      awaitRunning(service);
      MeterRegistry meters = service.meters();
      int skipped = PerfMeasurement.skipped(images);
      while (outcomes(meters) < skipped) {
        pause(deadline, skipped + " outcomes");
      }
      long cpu = PerfBareLoop.processCpuNanos();
      long start = System.nanoTime();
      while (outcomes(meters) < images) {
        pause(deadline, images + " outcomes");
      }
      long wall = System.nanoTime() - start;
      long cpuUsed = PerfBareLoop.processCpuNanos() - cpu;
      double deadLetters =
          meters.find("iqmon.dead.letters").counters().stream().mapToDouble(Counter::count).sum();
      if (deadLetters > 0) {
        throw new IllegalStateException(deadLetters + " images were dead-lettered");
      }
      ValueAtPercentile[] percentiles =
          meters.get("iqmon.record.latency").timer().takeSnapshot().percentileValues();
      return new PerfMeasurement(
          images - skipped,
          wall,
          cpuUsed,
          percentiles[0].value(TimeUnit.MILLISECONDS),
          percentiles[1].value(TimeUnit.MILLISECONDS));
    } finally {
      TempDirs.deleteRecursively(Path.of(config.kafka().stateDir()));
    }
  }

  private static void awaitRunning(IqmonService service) {
    try {
      service.awaitRunning(TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the service to run", e);
    }
  }

  private static long outcomes(MeterRegistry meters) {
    return meters.get("iqmon.record.latency").timer().count();
  }

  private static void pause(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("gave up waiting for " + what + " after " + TIMEOUT);
    }
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }
}
