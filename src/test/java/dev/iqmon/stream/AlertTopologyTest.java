package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.iqmon.avro.AlertKind;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every alert rule on the real topology: when it fires, when it holds, when it resolves. */
class AlertTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Every rule off; each test turns on the one it is about. */
  static final String RULES_OFF =
      """
      alerts:
        low-score: {enabled: false}
        low-score-share: {enabled: false}
        baseline-drop: {enabled: false}
        distortion-onset: {enabled: false}
        silent-feed: {enabled: false}
        frozen-feed: {enabled: false}
        scene-change: {enabled: false}
        signal-loss: {enabled: false}
        lens-blocked: {enabled: false}
        feed-lag: {enabled: false}
      trends:
        windows:
          - {name: 10s, size: 10s, grace: 0s}
      """;

  private static final String LOW_SCORE =
      """
      alerts:
        low-score: {enabled: true, fire-below: 40, resolve-at-or-above: 50, consecutive: 3}
      """;

  /** Publishes one image a second from second {@code from}, each with its own content. */
  static void publishScores(TopologyHarness t, String feed, int from, double... scores) {
    for (int i = 0; i < scores.length; i++) {
      int second = from + i;
      t.publish(
          event(
              feed,
              feed + "-" + second,
              T0.plusSeconds(second),
              pngScoring(scores[i], second % 3000)));
    }
  }

  private static void publishScores(TopologyHarness t, int from, double... scores) {
    publishScores(t, "cam-1", from, scores);
  }

  @Test
  void shouldFireAfterConsecutiveLowScores() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LOW_SCORE)) {
      publishScores(t, 0, 80, 30, 30);
      assertThat(t.alerts.isEmpty()).isTrue();

      publishScores(t, 3, 30);
      QualityAlert alert = t.alerts.readValue();
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getKind()).isEqualTo(AlertKind.LOW_SCORE);
      assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
      assertThat(alert.getAlertId()).isEqualTo("cam-1/whole/low-score");
      assertThat(alert.getFiredAt()).isEqualTo(T0.plusSeconds(3));
      assertThat(alert.getEvidence().getImageIds())
          .containsExactly("cam-1-1", "cam-1-2", "cam-1-3");
      assertThat(alert.getEvidence().getScores()).hasSize(3);
      assertThat(alert.getEvidence().getThreshold()).isEqualTo(40.0);
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldStayFiringWhileScoresHoverBetweenThresholds() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LOW_SCORE)) {
      publishScores(t, 0, 30, 30, 30, 45, 45, 45, 45, 55, 55, 45, 30, 30, 30);
      List<QualityAlert> alerts = t.alerts.readValuesToList();
      assertThat(alerts).extracting(QualityAlert::getState).containsExactly(AlertState.FIRING);
    }
  }

  @Test
  void shouldResolveOnceScoresStayAboveTheResolveThreshold() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LOW_SCORE)) {
      publishScores(t, 0, 30, 30, 30, 60, 60, 60, 60, 60);
      List<QualityAlert> alerts = t.alerts.readValuesToList();
      assertThat(alerts)
          .extracting(QualityAlert::getState)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
      QualityAlert resolved = alerts.get(1);
      assertThat(resolved.getEpisodeId()).isEqualTo(alerts.get(0).getEpisodeId());
      assertThat(resolved.getResolvedAt()).isEqualTo(T0.plusSeconds(5));
      assertThat(resolved.getFiredAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(resolved.getEvidence().getThreshold()).isEqualTo(50.0);
    }
  }

  @Test
  void shouldGiveEachEpisodeItsOwnIdAndOneRecordPerChange() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LOW_SCORE)) {
      publishScores(t, 0, 30, 30, 30, 30, 60, 60, 60, 60, 30, 30, 30, 30, 60, 60, 60);
      List<QualityAlert> alerts = t.alerts.readValuesToList();
      assertThat(alerts)
          .extracting(QualityAlert::getState)
          .containsExactly(
              AlertState.FIRING, AlertState.RESOLVED, AlertState.FIRING, AlertState.RESOLVED);
      assertThat(alerts).extracting(QualityAlert::getAlertId).containsOnly("cam-1/whole/low-score");
      assertThat(alerts.get(0).getEpisodeId()).isEqualTo(alerts.get(1).getEpisodeId());
      assertThat(alerts.get(2).getEpisodeId()).isEqualTo(alerts.get(3).getEpisodeId());
      assertThat(alerts.get(0).getEpisodeId()).isNotEqualTo(alerts.get(2).getEpisodeId());
      assertThat(t.count("iqmon.alerts", "rule", "low-score", "state", "firing")).isEqualTo(2);
      assertThat(t.count("iqmon.alerts", "rule", "low-score", "state", "resolved")).isEqualTo(2);
      assertThat(t.count("iqmon.alerts", "rule", "frozen-feed", "state", "firing")).isZero();
      assertThat(alerts).extracting(QualityAlert::getKind).containsOnly(AlertKind.LOW_SCORE);
    }
  }

  @Test
  void shouldNotFireWhenLowScoresAreNotConsecutive() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LOW_SCORE)) {
      publishScores(t, 0, 30, 30, 45, 30, 30, 60, 30);
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldKeepAlertStatePerFeed() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LOW_SCORE)) {
      for (int i = 0; i < 3; i++) {
        publishScores(t, "cam-1", i, 30);
        publishScores(t, "cam-2", i, 80);
      }
      assertThat(t.alerts.readValuesToList())
          .extracting(QualityAlert::getFeedId)
          .containsExactly("cam-1");
    }
  }

  @Test
  void shouldApplyLabelAndFeedOverridesOverTheGlobalRules() {
    String overrides =
        """
        feeds:
          cam-1:
            rois: [{id: road, box: [0.0, 0.5, 1.0, 0.5]}]
          cam-2:
            rois: [{id: road, box: [0.0, 0.5, 1.0, 0.5]}]
        alerts:
          labels:
            road:
              low-score: {fire-below: 70, resolve-at-or-above: 75, severity: critical}
          feeds:
            cam-2:
              low-score: {fire-below: 20, resolve-at-or-above: 25}
        """;
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LOW_SCORE, overrides)) {
      publishScores(t, "cam-1", 0, 50, 50, 50);
      publishScores(t, "cam-2", 0, 30, 30, 30);

      List<QualityAlert> alerts = t.alerts.readValuesToList();
      assertThat(alerts)
          .extracting(QualityAlert::getAlertId)
          .containsExactly("cam-1/road/low-score");
      assertThat(alerts.get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
      assertThat(alerts.get(0).getEvidence().getThreshold()).isEqualTo(70.0);
    }
  }

  private static final String SHARE =
      """
      alerts:
        low-score-share:
          enabled: true
          window: 10s
          fire-at-or-above: 0.5
          resolve-below: 0.2
          consecutive: 1
          min-images: 3
      """;

  /** Ten images in the 10 s window {@code index}, {@code low} of them scoring 30, the rest 80. */
  private static void publishWindow(TopologyHarness t, int index, int low) {
    for (int i = 0; i < 10; i++) {
      publishScores(t, index * 10 + i, i < low ? 30 : 80);
    }
  }

  @Test
  void shouldFireWhenTheShareOfLowScoresInAWindowReachesTheLevelAndResolveUnderTheLowerOne() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SHARE)) {
      publishWindow(t, 0, 0);
      publishWindow(t, 1, 6);
      publishWindow(t, 2, 0);
      List<QualityAlert> fired = t.alerts.readValuesToList();
      assertThat(fired).extracting(QualityAlert::getState).containsExactly(AlertState.FIRING);
      QualityAlert alert = fired.get(0);
      assertThat(alert.getAlertId()).isEqualTo("cam-1/whole/low-score-share");
      assertThat(alert.getKind()).isEqualTo(AlertKind.LOW_SCORE_SHARE);
      assertThat(alert.getEvidence().getValue()).isCloseTo(0.6, offset(1e-9));
      assertThat(alert.getEvidence().getWindow()).isEqualTo("10s");
      assertThat(alert.getEvidence().getWindowStart()).isEqualTo(T0.plusSeconds(10));
      assertThat(alert.getEvidence().getWindowEnd()).isEqualTo(T0.plusSeconds(20));
      assertThat(alert.getEvidence().getImageCount()).isEqualTo(10L);

      publishScores(t, 30, 80);
      List<QualityAlert> resolved = t.alerts.readValuesToList();
      assertThat(resolved).extracting(QualityAlert::getState).containsExactly(AlertState.RESOLVED);
      assertThat(resolved.get(0).getEpisodeId()).isEqualTo(alert.getEpisodeId());
      assertThat(resolved.get(0).getEvidence().getWindowStart()).isEqualTo(T0.plusSeconds(20));
    }
  }

  @Test
  void shouldKeepTheShareAlertFiringWhileTheShareIsBetweenTheLevels() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SHARE)) {
      publishWindow(t, 0, 6);
      publishWindow(t, 1, 3);
      publishWindow(t, 2, 4);
      publishScores(t, 30, 80);
      assertThat(t.alerts.readValuesToList())
          .extracting(QualityAlert::getState)
          .containsExactly(AlertState.FIRING);
    }
  }

  @Test
  void shouldNotJudgeWindowsWithTooFewImages() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SHARE)) {
      publishScores(t, 0, 30, 30);
      publishScores(t, 10, 80);
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  private static final String DROP =
      """
      alerts:
        baseline-drop:
          enabled: true
          fire-at-or-above: 15
          resolve-below: 5
          consecutive: 1
          min-images: 3
      trends:
        baseline: {window: 10s, alpha: 0.5, warm-up: 2}
      """;

  /** Ten images scoring {@code score} in the 10 s window {@code index}. */
  private static void publishFlatWindow(TopologyHarness t, int index, double score) {
    for (int i = 0; i < 10; i++) {
      publishScores(t, index * 10 + i, score);
    }
  }

  @Test
  void shouldFireWhenAWindowMeanDropsUnderTheBaselineAndResolveWhenItComesBack() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, DROP)) {
      publishFlatWindow(t, 0, 80);
      publishFlatWindow(t, 1, 80);
      publishFlatWindow(t, 2, 50);
      publishFlatWindow(t, 3, 70);
      List<QualityAlert> fired = t.alerts.readValuesToList();
      assertThat(fired).extracting(QualityAlert::getState).containsExactly(AlertState.FIRING);
      QualityAlert alert = fired.get(0);
      assertThat(alert.getKind()).isEqualTo(AlertKind.BASELINE_DROP);
      assertThat(alert.getEvidence().getBaseline()).isCloseTo(80, offset(0.5));
      assertThat(alert.getEvidence().getValue()).isCloseTo(30, offset(0.5));
      assertThat(alert.getEvidence().getWindowStart()).isEqualTo(T0.plusSeconds(20));

      publishFlatWindow(t, 4, 78);
      publishScores(t, 50, 78);
      List<QualityAlert> resolved = t.alerts.readValuesToList();
      assertThat(resolved).extracting(QualityAlert::getState).containsExactly(AlertState.RESOLVED);
      assertThat(resolved.get(0).getEpisodeId()).isEqualTo(alert.getEpisodeId());
      assertThat(resolved.get(0).getEvidence().getBaseline())
          .as("the baseline did not learn the drop")
          .isCloseTo(80, offset(0.5));
    }
  }

  @Test
  void shouldNotJudgeDropsBeforeTheBaselineHasWarmedUp() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, DROP)) {
      publishFlatWindow(t, 0, 80);
      publishFlatWindow(t, 1, 40);
      publishScores(t, 20, 40);
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  private static final String ONSET =
      """
      alerts:
        distortion-onset:
          enabled: true
          fire-at-or-above: 0.7
          resolve-below: 0.4
          consecutive: 3
      """;

  @Test
  void shouldFireOnTheOnsetOfADistortionAndResolveWhenItIsGone() {
    // BrightnessModel: exposure 0.8 at score 30, 0.5 at 45 (between the levels), 0.2 at 60.
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, ONSET)) {
      publishScores(t, 0, 30, 30, 30, 45, 45, 45, 45, 45, 60, 60, 45, 60, 60);
      List<QualityAlert> fired = t.alerts.readValuesToList();
      assertThat(fired).extracting(QualityAlert::getState).containsExactly(AlertState.FIRING);
      QualityAlert alert = fired.get(0);
      assertThat(alert.getAlertId()).isEqualTo("cam-1/whole/distortion-onset:exposure");
      assertThat(alert.getDistortion()).isEqualTo("exposure");
      assertThat(alert.getKind()).isEqualTo(AlertKind.DISTORTION_ONSET);
      assertThat(alert.getSeverity()).isEqualTo(Severity.INFO);
      assertThat(alert.getEvidence().getValue()).isCloseTo(0.8, offset(0.01));

      publishScores(t, 13, 60);
      List<QualityAlert> resolved = t.alerts.readValuesToList();
      assertThat(resolved).extracting(QualityAlert::getState).containsExactly(AlertState.RESOLVED);
      assertThat(resolved.get(0).getEvidence().getImageIds())
          .containsExactly("cam-1-11", "cam-1-12", "cam-1-13");
    }
  }

  private static final String SILENT =
      """
      alerts:
        silent-feed: {enabled: true, after: 10s, resolve-after: 2}
      """;

  @Test
  void shouldFireOnceWhenAFeedFallsSilentAndResolveWhenImagesComeBack() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SILENT)) {
      publishScores(t, 0, 80, 80);
      t.driver.advanceWallClockTime(Duration.ofSeconds(5));
      assertThat(t.alerts.isEmpty()).isTrue();

      t.driver.advanceWallClockTime(Duration.ofSeconds(6));
      List<QualityAlert> fired = t.alerts.readValuesToList();
      assertThat(fired).extracting(QualityAlert::getState).containsExactly(AlertState.FIRING);
      assertThat(fired.get(0).getAlertId()).isEqualTo("cam-1/whole/silent-feed");
      assertThat(fired.get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
      assertThat(fired.get(0).getEvidence().getImageIds()).containsExactly("cam-1-1");
      assertThat(fired.get(0).getEvidence().getValue()).isGreaterThanOrEqualTo(10.0);

      for (int i = 0; i < 5; i++) {
        t.driver.advanceWallClockTime(Duration.ofSeconds(10));
      }
      assertThat(t.alerts.isEmpty()).as("still silent: nothing new to say").isTrue();

      publishScores(t, 100, 80);
      t.driver.advanceWallClockTime(Duration.ofSeconds(11));
      assertThat(t.alerts.isEmpty()).as("one image is not enough to resolve").isTrue();

      publishScores(t, 200, 80, 80);
      List<QualityAlert> resolved = t.alerts.readValuesToList();
      assertThat(resolved).extracting(QualityAlert::getState).containsExactly(AlertState.RESOLVED);
      assertThat(resolved.get(0).getEpisodeId()).isEqualTo(fired.get(0).getEpisodeId());
      assertThat(resolved.get(0).getEvidence().getImageIds())
          .containsExactly("cam-1-200", "cam-1-201");
    }
  }

  @Test
  void shouldNotCallAFeedSilentWhileImagesKeepComing() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SILENT)) {
      for (int i = 0; i < 10; i++) {
        publishScores(t, i, 80);
        t.driver.advanceWallClockTime(Duration.ofSeconds(8));
      }
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  private static final String FROZEN =
      """
      alerts:
        frozen-feed: {enabled: true, repeats: 3, resolve-after: 2}
      """;

  private void publishFrame(TopologyHarness t, int second, int content) {
    t.publish(event("cam-1", "cam-1-" + second, T0.plusSeconds(second), pngScoring(80, content)));
  }

  @Test
  void shouldFireWhenTheSameContentRepeatsAndResolveWhenItChangesAgain() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, FROZEN)) {
      publishFrame(t, 0, 1);
      publishFrame(t, 1, 7);
      publishFrame(t, 2, 7);
      assertThat(t.alerts.isEmpty()).isTrue();

      publishFrame(t, 3, 7);
      publishFrame(t, 4, 7);
      List<QualityAlert> fired = t.alerts.readValuesToList();
      assertThat(fired).extracting(QualityAlert::getState).containsExactly(AlertState.FIRING);
      assertThat(fired.get(0).getAlertId()).isEqualTo("cam-1/whole/frozen-feed");
      assertThat(fired.get(0).getKind()).isEqualTo(AlertKind.FROZEN_FEED);
      assertThat(fired.get(0).getEvidence().getValue()).isEqualTo(3.0);
      assertThat(fired.get(0).getEvidence().getImageIds()).containsExactly("cam-1-3");

      publishFrame(t, 5, 8);
      publishFrame(t, 6, 8);
      assertThat(t.alerts.isEmpty()).as("one new frame, then a repeat: still frozen").isTrue();

      publishFrame(t, 7, 9);
      publishFrame(t, 8, 10);
      List<QualityAlert> resolved = t.alerts.readValuesToList();
      assertThat(resolved).extracting(QualityAlert::getState).containsExactly(AlertState.RESOLVED);
      assertThat(resolved.get(0).getEpisodeId()).isEqualTo(fired.get(0).getEpisodeId());
    }
  }

  @Test
  void shouldCarryTheContentFingerprintInTheImageResult() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF)) {
      publishFrame(t, 0, 1);
      publishFrame(t, 1, 1);
      publishFrame(t, 2, 2);
      List<String> hashes =
          t.imageQuality.readValuesToList().stream()
              .map(dev.iqmon.avro.ImageQuality::getContentHash)
              .toList();
      assertThat(hashes.get(0)).hasSize(16).isEqualTo(hashes.get(1));
      assertThat(hashes.get(2)).isNotEqualTo(hashes.get(0));
    }
  }
}
