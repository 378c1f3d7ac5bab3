package dev.iqmon.metrics;

import dev.iqmon.alerts.AlertRule;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.roi.RoiOrigin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pipeline's own meters: images scored, regions by source, alerts by rule and state, trend
 * windows closed and late images, dead letters by stage, a timer per stage, batch sizes and fill,
 * the scoring workers, the record latency and the model in use. Every series of a known tag value
 * is registered when the binder is bound, so each exists, at 0, before its first event. Tags come
 * from enums and are low-cardinality: never an image or feed id.
 */
public final class IqmonMetrics implements MeterBinder {

  /** What the worker gauges read; nothing in flight and no pool until the workers start. */
  private record WorkerSources(
      Supplier<Number> queued,
      Supplier<Number> inFlightRecords,
      Supplier<Number> inFlightBytes,
      Supplier<Number> threads) {
    static final WorkerSources NONE = new WorkerSources(() -> 0, () -> 0, () -> 0, () -> 0);
  }

  private volatile WorkerSources workers = WorkerSources.NONE;
  private volatile Meters meters;

  /** Meters bound to a registry of their own that nothing exports, for tools and tests. */
  public static IqmonMetrics discarding() {
    return boundTo(new SimpleMeterRegistry());
  }

  /** New meters, bound to {@code registry}. */
  public static IqmonMetrics boundTo(MeterRegistry registry) {
    IqmonMetrics metrics = new IqmonMetrics();
    metrics.bindTo(registry);
    return metrics;
  }

  /** Registers every meter; one registry per instance. */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (meters != null) {
      throw new IllegalStateException("these meters are bound already");
    }
    meters = new Meters(registry, this);
  }

  public MeterRegistry registry() {
    return bound().registry;
  }

  public void imageScored() {
    bound().images.increment();
  }

  public void regionScored(RoiOrigin source) {
    bound().regions.get(source).increment();
  }

  public void deadLetter(FailedStage stage) {
    bound().deadLetters.get(stage).increment();
  }

  public void alert(AlertRule rule, AlertState state) {
    bound().alerts.get(rule).get(state).increment();
  }

  /** One batch of {@code images} scored where up to {@code capacity} fit: its size and fill. */
  public void batch(Batcher batcher, int images, int capacity) {
    Meters m = bound();
    m.batchSize.get(batcher).record(images);
    m.batchFill.get(batcher).record(images / (double) capacity);
  }

  /** The model in use, as a gauge of 1 with its id, version and provider (cpu, cuda, java). */
  public void model(String id, String version, String provider) {
    Gauge.builder("iqmon.model", () -> 1)
        .description("The quality model in use, and where it runs")
        .tag("model", id)
        .tag("version", version)
        .tag("provider", provider)
        .register(bound().registry);
  }

  /** A detector in use, as a gauge of 1 with its name and provider (cpu, cuda). */
  public void detector(String name, String provider) {
    Gauge.builder("iqmon.detector", () -> 1)
        .description("A detector in use, and where it runs")
        .tag("detector", name)
        .tag("provider", provider)
        .register(bound().registry);
  }

  public void trendWindowClosed() {
    bound().trendWindows.increment();
  }

  public void trendLate() {
    bound().trendLate.increment();
  }

  /** An image record read from another partition than Kafka's Java client gives its key. */
  public void misroutedRecord() {
    bound().misrouted.increment();
  }

  public void stage(PipelineStage stage, Duration took) {
    bound().stages.get(stage).record(took);
  }

  /**
   * Where the worker gauges read from: tasks waiting in the pool's queue, records and bytes of
   * record values read by the stream tasks and not yet forwarded (summed over the tasks of this
   * instance), and the pool's threads. Until this is called they read 0.
   */
  public void workers(
      Supplier<Number> queued,
      Supplier<Number> inFlightRecords,
      Supplier<Number> inFlightBytes,
      Supplier<Number> threads) {
    workers = new WorkerSources(queued, inFlightRecords, inFlightBytes, threads);
  }

  /** A stream thread waited this long for in-flight work before reading more (back-pressure). */
  public void workersWait(Duration took) {
    bound().workersWait.record(took);
  }

  /** The time from a record reaching the scoring step to its outcome being forwarded. */
  public void recordLatency(Duration took) {
    bound().recordLatency.record(took);
  }

  private Meters bound() {
    Meters m = meters;
    if (m == null) {
      throw new IllegalStateException("the meters are not bound to a registry");
    }
    return m;
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static <K extends Enum<K>, V> Map<K, V> each(Class<K> keys, Function<K, V> meter) {
    Map<K, V> meters = new EnumMap<>(keys);
    for (K key : keys.getEnumConstants()) {
      meters.put(key, meter.apply(key));
    }
    return meters;
  }

  /** Every meter of one registry, registered at once. */
  private static final class Meters {
    final MeterRegistry registry;
    final Counter images;
    final Map<RoiOrigin, Counter> regions;
    final Map<FailedStage, Counter> deadLetters;
    final Map<AlertRule, Map<AlertState, Counter>> alerts;
    final Map<Batcher, DistributionSummary> batchSize;
    final Map<Batcher, DistributionSummary> batchFill;
    final Counter trendWindows;
    final Counter trendLate;
    final Counter misrouted;
    final Map<PipelineStage, Timer> stages;
    final Timer workersWait;
    final Timer recordLatency;

    Meters(MeterRegistry registry, IqmonMetrics owner) {
      this.registry = registry;
      images = Counter.builder("iqmon.images").description("Images scored").register(registry);
      regions = each(RoiOrigin.class, s -> region(registry, s));
      deadLetters = each(FailedStage.class, s -> deadLetter(registry, s));
      alerts = each(AlertRule.class, r -> each(AlertState.class, s -> alert(registry, r, s)));
      batchSize = each(Batcher.class, b -> batchSize(registry, b));
      batchFill = each(Batcher.class, b -> batchFill(registry, b));
      trendWindows =
          Counter.builder("iqmon.trend.windows")
              .description("Trend windows closed and published, one per feed, ROI label and window")
              .register(registry);
      trendLate =
          Counter.builder("iqmon.trend.late")
              .description("Images left out of the trends: every window they belong to had closed")
              .register(registry);
      misrouted =
          Counter.builder("iqmon.misrouted.records")
              .description(
                  "Image records on another partition than Kafka's Java client gives their key")
              .register(registry);
      stages = each(PipelineStage.class, s -> stage(registry, s));
      workerGauges(registry, owner);
      workersWait =
          Timer.builder("iqmon.workers.wait")
              .description("Time stream threads waited for in-flight records before reading more")
              .register(registry);
      recordLatency =
          Timer.builder("iqmon.record.latency")
              .description("Time from a record reaching the scoring step to its outcome leaving it")
              .publishPercentileHistogram()
              .publishPercentiles(0.5, 0.99)
              .distributionStatisticExpiry(Duration.ofMinutes(10))
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofSeconds(60))
              .register(registry);
    }

    private static Counter region(MeterRegistry registry, RoiOrigin source) {
      return Counter.builder("iqmon.regions")
          .description("Regions scored, by where they came from")
          .tag("source", tag(source))
          .register(registry);
    }

    private static Counter deadLetter(MeterRegistry registry, FailedStage stage) {
      return Counter.builder("iqmon.dead.letters")
          .description("Input records sent to the dead-letter topic, by the stage that failed")
          .tag("stage", tag(stage))
          .register(registry);
    }

    private static Counter alert(MeterRegistry registry, AlertRule rule, AlertState state) {
      return Counter.builder("iqmon.alerts")
          .description("Alert records published, by rule and state")
          .tag("rule", rule.id())
          .tag("state", tag(state))
          .register(registry);
    }

    private static DistributionSummary batchSize(MeterRegistry registry, Batcher batcher) {
      return DistributionSummary.builder("iqmon.batch.size")
          .description("Images per model call")
          .baseUnit("images")
          .tag("batcher", batcher.tag())
          .register(registry);
    }

    private static DistributionSummary batchFill(MeterRegistry registry, Batcher batcher) {
      return DistributionSummary.builder("iqmon.batch.fill")
          .description("Images per model call as a share of the batch size")
          .tag("batcher", batcher.tag())
          .register(registry);
    }

    private static Timer stage(MeterRegistry registry, PipelineStage stage) {
      return Timer.builder("iqmon.stage")
          .description("Time spent per image in each pipeline stage")
          .tag("stage", stage.tag())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(10))
          .register(registry);
    }

    private static void workerGauges(MeterRegistry registry, IqmonMetrics owner) {
      Gauge.builder("iqmon.workers.queue", () -> owner.workers.queued().get())
          .description("Work waiting for a scoring worker")
          .register(registry);
      Gauge.builder("iqmon.workers.in.flight.records", () -> owner.workers.inFlightRecords().get())
          .description("Records read by the stream tasks and not yet forwarded")
          .register(registry);
      Gauge.builder("iqmon.workers.in.flight.bytes", () -> owner.workers.inFlightBytes().get())
          .description("Bytes of the record values read by the stream tasks and not yet forwarded")
          .baseUnit("bytes")
          .register(registry);
      Gauge.builder("iqmon.workers.threads", () -> owner.workers.threads().get())
          .description("Threads of the scoring worker pool")
          .register(registry);
    }
  }
}
