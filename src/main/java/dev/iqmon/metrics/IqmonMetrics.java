package dev.iqmon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The pipeline's own meters: images scored, regions by source, alerts by rule and state, trend
 * windows closed and late images, dead letters by stage, and a timer per stage. Tags are
 * low-cardinality: never an image or feed id.
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
}
