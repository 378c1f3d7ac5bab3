package dev.iqmon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The pipeline's own meters: images scored, regions by source, alerts by rule and state, trend
 * windows closed and late images, dead letters by stage, a timer per stage, batch sizes and fill,
 * and the model in use. Tags are low-cardinality: never an image or feed id.
 */
public final class IqmonMetrics {

  private final MeterRegistry registry;

  public IqmonMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Meters that go nowhere, for tools and tests that do not export them. */
  public static IqmonMetrics discarding() {
    return new IqmonMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void imageScored() {
    Counter.builder("iqmon.images").description("Images scored").register(registry).increment();
  }

  public void regionScored(String source) {
    Counter.builder("iqmon.regions")
        .description("Regions scored, by where they came from")
        .tag("source", source.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void deadLetter(String stage) {
    Counter.builder("iqmon.dead.letters")
        .description("Input records sent to the dead-letter topic, by the stage that failed")
        .tag("stage", stage.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void alert(String rule, String state) {
    Counter.builder("iqmon.alerts")
        .description("Alert records published, by rule and state")
        .tag("rule", rule)
        .tag("state", state.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  /**
   * One batch of {@code images} scored where up to {@code capacity} fit: its size, and its fill
   * (size / capacity). {@code batcher} says which batching made it: {@code records} (across the
   * records of a task) or {@code threads} (across stream threads).
   */
  public void batch(String batcher, int images, int capacity) {
    DistributionSummary.builder("iqmon.batch.size")
        .description("Images per model call")
        .baseUnit("images")
        .tag("batcher", batcher)
        .register(registry)
        .record(images);
    DistributionSummary.builder("iqmon.batch.fill")
        .description("Images per model call as a share of the batch size")
        .tag("batcher", batcher)
        .register(registry)
        .record(images / (double) capacity);
  }

  /** The model in use, as a gauge of 1 with its id, version and provider (cpu, cuda, java). */
  public void model(String id, String version, String provider) {
    Gauge.builder("iqmon.model", () -> 1)
        .description("The quality model in use, and where it runs")
        .tag("model", id)
        .tag("version", version)
        .tag("provider", provider)
        .register(registry);
  }

  public void trendWindowClosed() {
    Counter.builder("iqmon.trend.windows")
        .description("Trend windows closed and published, one per feed, ROI label and window")
        .register(registry)
        .increment();
  }

  public void trendLate() {
    Counter.builder("iqmon.trend.late")
        .description("Images left out of the trends: every window they belong to had closed")
        .register(registry)
        .increment();
  }

  public void stage(String stage, Duration took) {
    Timer.builder("iqmon.stage")
        .description("Time spent per image in each pipeline stage")
        .tag("stage", stage)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(took);
  }

  /**
   * The scoring workers: tasks waiting in the pool's queue, and records and bytes of record values
   * read by the stream tasks and not yet forwarded, summed over the tasks of this instance.
   */
  public void workers(
      Supplier<Number> queued,
      Supplier<Number> inFlightRecords,
      Supplier<Number> inFlightBytes,
      Supplier<Number> threads) {
    Gauge.builder("iqmon.workers.queue", queued)
        .description("Work waiting for a scoring worker")
        .register(registry);
    Gauge.builder("iqmon.workers.in.flight.records", inFlightRecords)
        .description("Records read by the stream tasks and not yet forwarded")
        .register(registry);
    Gauge.builder("iqmon.workers.in.flight.bytes", inFlightBytes)
        .description("Bytes of the record values read by the stream tasks and not yet forwarded")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("iqmon.workers.threads", threads)
        .description("Threads of the scoring worker pool")
        .register(registry);
  }

  /** A stream thread waited this long for in-flight work before reading more (back-pressure). */
  public void workersWait(Duration took) {
    Timer.builder("iqmon.workers.wait")
        .description("Time stream threads waited for in-flight records before reading more")
        .register(registry)
        .record(took);
  }

  /** The time from a record reaching the scoring step to its outcome being forwarded. */
  public void recordLatency(Duration took) {
    Timer.builder("iqmon.record.latency")
        .description("Time from a record reaching the scoring step to its outcome leaving it")
        .publishPercentileHistogram()
        .publishPercentiles(0.5, 0.99)
        .distributionStatisticExpiry(Duration.ofMinutes(10))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(took);
  }
}
