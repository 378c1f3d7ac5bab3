package dev.iqmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.alerts.AlertRule;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.roi.RoiOrigin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IqmonMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final IqmonMetrics metrics = IqmonMetrics.boundTo(registry);

  @Test
  void shouldExportEverySeriesOfAKnownTagAtZeroBeforeItsFirstEvent() {
    String text = registry.scrape();

    assertThat(text).contains("iqmon_images_total 0.0", "iqmon_trend_late_total 0.0");
    assertThat(text).contains("iqmon_dead_letters_total{stage=\"internal\"} 0.0");
    assertThat(text).contains("iqmon_regions_total{source=\"degraded\"} 0.0");
    assertThat(text).contains("iqmon_alerts_total{rule=\"feed-lag\",state=\"resolved\"} 0.0");
    assertThat(text).contains("iqmon_batch_size_images_count{batcher=\"threads\"} 0");
    assertThat(text).contains("iqmon_stage_seconds_count{stage=\"thumbnail\"} 0");
    assertThat(text).contains("iqmon_record_latency_seconds_count 0");
    assertThat(text).contains("iqmon_workers_queue 0.0", "iqmon_workers_threads 0.0");
    assertThat(registry.find("iqmon.alerts").counters())
        .hasSize(AlertRule.values().length * AlertState.values().length);
    assertThat(registry.find("iqmon.dead.letters").counters()).hasSize(FailedStage.values().length);
  }

  @Test
  void shouldCountImagesRegionsDeadLettersAlertsAndTrendsByTheirTags() {
    metrics.imageScored();
    metrics.regionScored(RoiOrigin.STATIC);
    metrics.regionScored(RoiOrigin.STATIC);
    metrics.deadLetter(FailedStage.DECODE);
    metrics.alert(AlertRule.LOW_SCORE_SHARE, AlertState.FIRING);
    metrics.trendWindowClosed();
    metrics.trendLate();

    String text = registry.scrape();
    assertThat(text).contains("iqmon_images_total 1.0");
    assertThat(text).contains("iqmon_regions_total{source=\"static\"} 2.0");
    assertThat(text).contains("iqmon_regions_total{source=\"whole\"} 0.0");
    assertThat(text).contains("iqmon_dead_letters_total{stage=\"decode\"} 1.0");
    assertThat(text).contains("iqmon_alerts_total{rule=\"low-score-share\",state=\"firing\"} 1.0");
    assertThat(text).contains("iqmon_trend_windows_total 1.0", "iqmon_trend_late_total 1.0");
  }

  @Test
  void shouldExportBatchSizesAndFillByBatcher() {
    metrics.batch(Batcher.RECORDS, 6, 8);
    metrics.batch(Batcher.RECORDS, 2, 8);

    String text = registry.scrape();
    assertThat(text).contains("iqmon_batch_size_images_count{batcher=\"records\"} 2");
    assertThat(text).contains("iqmon_batch_size_images_sum{batcher=\"records\"} 8");
    assertThat(text).contains("iqmon_batch_fill_sum{batcher=\"records\"} 1.0");
  }

  @Test
  void shouldTimeStagesWaitsAndRecordLatency() {
    metrics.stage(PipelineStage.DECODE, Duration.ofMillis(20));
    metrics.workersWait(Duration.ofMillis(5));
    metrics.recordLatency(Duration.ofMillis(40));

    String text = registry.scrape();
    assertThat(text).contains("iqmon_stage_seconds_count{stage=\"decode\"} 1");
    assertThat(text).contains("iqmon_stage_seconds_sum{stage=\"decode\"} 0.02");
    assertThat(text).contains("iqmon_workers_wait_seconds_count 1");
    assertThat(text).contains("iqmon_record_latency_seconds_count 1");
    assertThat(text).contains("iqmon_record_latency_seconds_sum 0.04");
  }

  @Test
  void shouldReadTheWorkerGaugesFromTheWorkersOnceTheyStart() {
    AtomicInteger queued = new AtomicInteger(3);

    metrics.workers(queued::get, () -> 5, () -> 4096, () -> 2);
    queued.set(7);

    String text = registry.scrape();
    assertThat(text).contains("iqmon_workers_queue 7.0");
    assertThat(text).contains("iqmon_workers_in_flight_records 5.0");
    assertThat(text).contains("iqmon_workers_in_flight_bytes 4096.0");
    assertThat(text).contains("iqmon_workers_threads 2.0");
  }

  @Test
  void shouldExportTheModelAndWhereItRuns() {
    metrics.model("iqmon-roi-quality", "1.0.0", "cuda");

    assertThat(registry.scrape())
        .contains("iqmon_model{model=\"iqmon-roi-quality\",provider=\"cuda\",version=\"1.0.0\"} 1");
  }

  @Test
  void shouldRefuseEventsBeforeItIsBoundAndASecondRegistry() {
    IqmonMetrics unbound = new IqmonMetrics();

    assertThatThrownBy(unbound::imageScored).hasMessageContaining("not bound");
    assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
        .hasMessageContaining("bound already");
  }
}
