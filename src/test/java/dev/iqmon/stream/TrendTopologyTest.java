package dev.iqmon.stream;

import static dev.iqmon.stream.AlertTopologyTest.RULES_OFF;
import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.iqmon.avro.QualityTrend;
import dev.iqmon.config.Durations;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Trend windows on the real topology, moved by the images' capture times. */
class TrendTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TUMBLING =
      """
      trends:
        windows:
          - name: 10s
            size: 10s
            grace: 0s
      """;

  private static void publish(TopologyHarness t, String feed, double second, double score) {
    long ms = Math.round(second * 1000);
    t.publish(
        event(
            feed, feed + "-" + ms, T0.plusMillis(ms), pngScoring(score, (int) (ms / 100 % 3000))));
  }

  private static void publish(TopologyHarness t, double second, double score) {
    publish(t, "cam-1", second, score);
  }

  private static String window(QualityTrend trend) {
    return trend.getWindow()
        + " "
        + (trend.getWindowStart().toEpochMilli() - T0.toEpochMilli()) / 1000
        + ".."
        + (trend.getWindowEnd().toEpochMilli() - T0.toEpochMilli()) / 1000;
  }

  @Test
  void shouldEmitOneRecordPerClosedWindowWithItsStatistics() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, TUMBLING)) {
      double[] scores = {20, 40, 60, 80, 100};
      for (int i = 0; i < scores.length; i++) {
        publish(t, i, scores[i]);
      }
      assertThat(t.trends.isEmpty()).isTrue();

      publish(t, 10, 50);
      List<QualityTrend> trends = t.trends.readValuesToList();

      assertThat(trends).hasSize(1);
      QualityTrend trend = trends.get(0);
      assertThat(trend.getFeedId()).isEqualTo("cam-1");
      assertThat(trend.getRoiLabel()).isEqualTo("whole");
      assertThat(trend.getWindow()).isEqualTo("10s");
      assertThat(trend.getWindowStart()).isEqualTo(T0);
      assertThat(trend.getWindowEnd()).isEqualTo(T0.plusSeconds(10));
      assertThat(trend.getCount()).isEqualTo(5);
      assertThat(trend.getMean()).isCloseTo(60, offset(0.5));
      assertThat(trend.getMin()).isCloseTo(20, offset(0.5));
      assertThat(trend.getMax()).isCloseTo(100, offset(0.5));
      assertThat(trend.getP10()).isCloseTo(20, offset(0.5));
      assertThat(trend.getP50()).isCloseTo(60, offset(0.5));
      assertThat(trend.getP90()).isCloseTo(100, offset(0.5));
      assertThat(trend.getThreshold()).isEqualTo(40.0);
      assertThat(trend.getShareBelowThreshold()).isEqualTo(0.2);
      assertThat(trend.getLevelCounts())
          .containsEntry("BAD", 0L)
          .containsEntry("POOR", 1L)
          .containsEntry("FAIR", 1L)
          .containsEntry("GOOD", 1L)
          .containsEntry("EXCELLENT", 2L);
      // BrightnessModel: exposure is the main distortion (p >= 0.5) at scores 20 and 40.
      assertThat(trend.getDistortionCounts()).containsExactly(Map.entry("exposure", 2L));
      assertThat(trend.getBaseline()).as("no earlier window").isNull();
    }
  }

  @Test
  void shouldCountImagesThatArriveLateWithinTheGracePeriod() {
    String grace = "trends: {windows: [{name: 10s, size: 10s, grace: 5s}]}";
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, grace)) {
      publish(t, 1, 50);
      publish(t, 12, 50);
      publish(t, 3, 90);
      assertThat(t.trends.isEmpty()).as("open until 10 s + 5 s of grace").isTrue();

      publish(t, 15, 50);
      List<QualityTrend> trends = t.trends.readValuesToList();
      assertThat(trends).extracting(TrendTopologyTest::window).containsExactly("10s 0..10");
      assertThat(trends.get(0).getCount()).isEqualTo(2);
      assertThat(trends.get(0).getMax()).isCloseTo(90, offset(0.5));
      assertThat(t.count("iqmon.trend.late")).as("within the grace period").isZero();
      assertThat(t.count("iqmon.trend.windows")).isEqualTo(1);
    }
  }

  @Test
  void shouldLeaveOutImagesLaterThanTheGracePeriod() {
    String grace = "trends: {windows: [{name: 10s, size: 10s, grace: 5s}]}";
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, grace)) {
      publish(t, 1, 50);
      publish(t, 16, 50);
      publish(t, 3, 90);
      publish(t, 4, 90);
      publish(t, 30, 50);

      List<QualityTrend> trends = t.trends.readValuesToList();
      assertThat(trends)
          .extracting(TrendTopologyTest::window)
          .containsExactly("10s 0..10", "10s 10..20");
      assertThat(trends).extracting(QualityTrend::getCount).containsExactly(1L, 1L);
      assertThat(trends.get(0).getMax()).isCloseTo(50, offset(0.5));
      assertThat(t.count("iqmon.trend.late")).as("the images at 3 s and 4 s").isEqualTo(2);
      assertThat(t.count("iqmon.trend.windows")).isEqualTo(2);
    }
  }

  @Test
  void shouldEmitEachHoppingWindowOnceWithTheImagesItCovers() {
    String hopping = "trends: {windows: [{name: 20s, size: 20s, advance: 10s, grace: 0s}]}";
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, hopping)) {
      for (int second = 0; second < 40; second++) {
        publish(t, second, second < 10 ? 20 : 80);
      }
      List<QualityTrend> trends = t.trends.readValuesToList();
      assertThat(trends)
          .extracting(TrendTopologyTest::window)
          .containsExactly("20s -10..10", "20s 0..20", "20s 10..30");
      assertThat(trends).extracting(QualityTrend::getCount).containsExactly(10L, 20L, 20L);
      assertThat(trends.get(1).getMean()).isCloseTo(50, offset(0.5));
      assertThat(trends.get(1).getShareBelowThreshold()).isEqualTo(0.5);

      publish(t, 40, 80);
      assertThat(t.trends.readValuesToList())
          .extracting(TrendTopologyTest::window)
          .containsExactly("20s 20..40");
    }
  }

  @Test
  void shouldCloseEveryPendingWindowOnceWhenCaptureTimeJumpsAhead() {
    String windows =
        """
        trends:
          windows:
            - {name: 10s, size: 10s, grace: 2s}
            - {name: 30s, size: 30s, advance: 10s, grace: 2s}
        """;
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, windows)) {
      publish(t, 5, 50);
      publish(t, 15, 50);
      publish(t, 3600, 50);
      List<String> closed =
          t.trends.readValuesToList().stream().map(TrendTopologyTest::window).toList();
      assertThat(closed)
          .containsExactly(
              "30s -20..10", "10s 0..10", "30s -10..20", "10s 10..20", "30s 0..30", "30s 10..40");

      publish(t, 3601, 50);
      publish(t, 20, 50);
      assertThat(t.trends.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldCloseTheDefaultWindowsOnTimeAndEachOnce() {
    try (TopologyHarness t = new TopologyHarness(defaultWindows())) {
      assertThat(t.config.trends().windows())
          .extracting(
              w ->
                  w.name()
                      + "/"
                      + Durations.format(w.size())
                      + "/"
                      + (w.advance() == null ? null : Durations.format(w.advance()))
                      + "/"
                      + Durations.format(w.grace()))
          .containsExactly("1m/1m/null/30s", "15m/15m/1m/30s", "1h/1h/null/30s");
      for (int second = 0; second < 2 * 3600; second += 10) {
        publish(t, second, 70);
      }
      List<QualityTrend> trends = t.trends.readValuesToList();
      Map<String, Long> perWindow =
          trends.stream()
              .collect(Collectors.groupingBy(QualityTrend::getWindow, Collectors.counting()));
      // Stream time ends at 7190 s; a window is out once its end plus 30 s is at most that.
      assertThat(perWindow)
          .containsEntry("1m", 119L)
          .containsEntry("15m", 119L)
          .containsEntry("1h", 1L);
      assertThat(trends.stream().map(TrendTopologyTest::window).distinct()).hasSize(trends.size());
      assertThat(trends)
          .filteredOn(tr -> tr.getWindow().equals("15m"))
          .extracting(QualityTrend::getCount)
          .containsOnly(6L, 12L, 18L, 24L, 30L, 36L, 42L, 48L, 54L, 60L, 66L, 72L, 78L, 84L, 90L);
      assertThat(trends)
          .filteredOn(tr -> tr.getWindow().equals("1h"))
          .extracting(QualityTrend::getCount)
          .containsExactly(360L);
    }
  }

  private static String defaultWindows() {
    return RULES_OFF.substring(0, RULES_OFF.indexOf("trends:"));
  }

  @Test
  void shouldKeepTrendsPerFeedAndLabel() {
    String rois =
        """
        feeds:
          cam-1:
            rois: [{id: road, box: [0.0, 0.5, 1.0, 0.5]}]
        """;
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, TUMBLING, rois)) {
      publish(t, "cam-1", 1, 30);
      publish(t, "cam-1", 2, 30);
      publish(t, "cam-2", 1, 90);
      publish(t, "cam-2", 11, 90);
      Map<String, QualityTrend> trends =
          t.trends.readValuesToList().stream()
              .collect(
                  Collectors.toMap(
                      tr -> tr.getFeedId() + "/" + tr.getRoiLabel(), Function.identity()));
      assertThat(trends).containsOnlyKeys("cam-1/whole", "cam-1/road", "cam-2/whole");
      assertThat(trends.get("cam-1/road").getCount()).isEqualTo(2);
      assertThat(trends.get("cam-2/whole").getMean()).isCloseTo(90, offset(0.5));
    }
  }

  @Test
  void shouldCarryTheBaselineOfEarlierWindows() {
    String baseline = "trends: {baseline: {window: 10s, alpha: 0.5, warm-up: 1}}";
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, TUMBLING, baseline)) {
      double[] means = {80, 60, 40};
      for (int w = 0; w < means.length; w++) {
        publish(t, w * 10, means[w]);
      }
      publish(t, 30, 50);
      List<QualityTrend> trends = t.trends.readValuesToList();
      assertThat(trends).hasSize(3);
      assertThat(trends.get(0).getBaseline()).isNull();
      assertThat(trends.get(1).getBaseline()).isCloseTo(80, offset(0.5));
      assertThat(trends.get(2).getBaseline()).isCloseTo(70, offset(0.5));
    }
  }
}
