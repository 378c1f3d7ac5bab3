package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.QualityAlert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CONFIG =
      """
      alerts:
        low-score:
          fire-below: 40
          resolve-at-or-above: 50
          consecutive: 3
      """;

  private static void publishScores(TopologyHarness t, int from, double... scores) {
    for (int i = 0; i < scores.length; i++) {
      t.publish(
          event("cam-1", "img-" + (from + i), T0.plusSeconds(from + i), pngScoring(scores[i])));
    }
  }

  @Test
  void shouldFireAfterConsecutiveLowScores() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      publishScores(t, 0, 80, 30, 30);
      assertThat(t.alerts.isEmpty()).isTrue();

      publishScores(t, 3, 30);
      QualityAlert alert = t.alerts.readValue();
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getAlertId()).isEqualTo("cam-1/whole/low-score");
      assertThat(alert.getFiredAt()).isEqualTo(T0.plusSeconds(3));
      assertThat(alert.getEvidence().getImageIds()).containsExactly("img-1", "img-2", "img-3");
      assertThat(alert.getEvidence().getThreshold()).isEqualTo(40.0);
    }
  }

  @Test
  void shouldStayFiringWhileScoresHoverBetweenThresholds() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      publishScores(t, 0, 30, 30, 30, 45, 45, 45, 45, 55, 55, 45);
      List<QualityAlert> alerts = t.alerts.readValuesToList();
      assertThat(alerts).extracting(QualityAlert::getState).containsExactly(AlertState.FIRING);
    }
  }

  @Test
  void shouldResolveOnceScoresStayAboveTheResolveThreshold() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      publishScores(t, 0, 30, 30, 30, 60, 60, 60, 60, 60);
      List<QualityAlert> alerts = t.alerts.readValuesToList();
      assertThat(alerts)
          .extracting(QualityAlert::getState)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
      QualityAlert resolved = alerts.get(1);
      assertThat(resolved.getEpisodeId()).isEqualTo(alerts.get(0).getEpisodeId());
      assertThat(resolved.getResolvedAt()).isEqualTo(T0.plusSeconds(5));
      assertThat(resolved.getFiredAt()).isEqualTo(T0.plusSeconds(2));
    }
  }

  @Test
  void shouldNotFireWhenLowScoresAreNotConsecutive() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      publishScores(t, 0, 30, 30, 45, 30, 30, 60, 30);
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldKeepAlertStatePerFeed() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      for (int i = 0; i < 3; i++) {
        t.publish(event("cam-1", "a" + i, T0.plusSeconds(i), pngScoring(30)));
        t.publish(event("cam-2", "b" + i, T0.plusSeconds(i), pngScoring(80)));
      }
      assertThat(t.alerts.readValuesToList())
          .extracting(QualityAlert::getFeedId)
          .containsExactly("cam-1");
    }
  }
}
