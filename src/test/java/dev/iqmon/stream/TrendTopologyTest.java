package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.iqmon.avro.QualityTrend;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CONFIG =
      """
      trends:
        windows:
          - name: 10s
            size: 10s
            grace: 0s
      """;

  @Test
  void shouldEmitOneRecordPerClosedWindowWithItsStatistics() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      double[] scores = {20, 40, 60, 80, 100};
      for (int i = 0; i < scores.length; i++) {
        t.publish(event("cam-1", "img-" + i, T0.plusSeconds(i), pngScoring(scores[i])));
      }
      assertThat(t.trends.isEmpty()).isTrue();

      t.publish(event("cam-1", "next", T0.plusSeconds(10), pngScoring(50)));
      List<QualityTrend> trends = t.trends.readValuesToList();

      assertThat(trends).hasSize(1);
      QualityTrend trend = trends.get(0);
      assertThat(trend.getRoiLabel()).isEqualTo("whole");
      assertThat(trend.getWindow()).isEqualTo("10s");
      assertThat(trend.getWindowStart()).isEqualTo(T0);
      assertThat(trend.getWindowEnd()).isEqualTo(T0.plusSeconds(10));
      assertThat(trend.getCount()).isEqualTo(5);
      assertThat(trend.getMean()).isCloseTo(60, offset(0.5));
      assertThat(trend.getMin()).isCloseTo(20, offset(0.5));
      assertThat(trend.getMax()).isCloseTo(100, offset(0.5));
      assertThat(trend.getP50()).isCloseTo(60, offset(0.5));
      assertThat(trend.getShareBelowThreshold()).isEqualTo(0.2);
      assertThat(trend.getLevelCounts())
          .containsEntry("BAD", 0L)
          .containsEntry("POOR", 1L)
          .containsEntry("GOOD", 1L)
          .containsEntry("EXCELLENT", 2L);
    }
  }

  @Test
  void shouldLeaveOutImagesLaterThanTheGracePeriod() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publish(event("cam-1", "a", T0, pngScoring(50)));
      t.publish(event("cam-1", "b", T0.plusSeconds(12), pngScoring(50)));
      t.publish(event("cam-1", "late", T0.plusSeconds(3), pngScoring(90)));
      t.publish(event("cam-1", "c", T0.plusSeconds(25), pngScoring(50)));

      List<QualityTrend> trends = t.trends.readValuesToList();
      assertThat(trends).extracting(QualityTrend::getCount).containsExactly(1L, 1L);
      assertThat(trends.get(0).getMax()).isCloseTo(50, offset(0.5));
    }
  }
}
