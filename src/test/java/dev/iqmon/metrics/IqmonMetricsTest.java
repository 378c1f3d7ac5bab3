package dev.iqmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class IqmonMetricsTest {

  @Test
  void shouldExportBatchSizesAndFillByBatcher() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IqmonMetrics metrics = new IqmonMetrics(registry);

    metrics.batch("records", 6, 8);
    metrics.batch("records", 2, 8);

    String text = registry.scrape();
    assertThat(text).contains("iqmon_batch_size_images_count{batcher=\"records\"} 2");
    assertThat(text).contains("iqmon_batch_size_images_sum{batcher=\"records\"} 8");
    assertThat(text).contains("iqmon_batch_fill_sum{batcher=\"records\"} 1.0");
  }

  @Test
  void shouldExportTheModelAndWhereItRuns() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    new IqmonMetrics(registry).model("iqmon-roi-quality", "1.0.0", "cuda");

    assertThat(registry.scrape())
        .contains("iqmon_model{model=\"iqmon-roi-quality\",provider=\"cuda\",version=\"1.0.0\"} 1");
  }
}
