package dev.iqmon.web;

import dev.iqmon.avro.AlertEvidence;
import dev.iqmon.avro.AlertKind;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.Box;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.LevelProbabilities;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityLevel;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.avro.RegionSummary;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Result records as iqmon publishes them, for the dashboard's tests. */
final class FleetRecords {

  private FleetRecords() {}

  /** An image result with the whole frame's score and one region per extra label. */
  static ImageQuality image(String feed, String id, long at, double score, String... labels) {
    List<RegionSummary> regions = new ArrayList<>();
    regions.add(region("whole", score));
    for (String label : labels) {
      regions.add(region(label, score - 10));
    }
    return ImageQuality.newBuilder()
        .setFeedId(feed)
        .setImageId(id)
        .setCaptureTime(Instant.ofEpochMilli(at))
        .setWidth(640)
        .setHeight(480)
        .setContentType("image/jpeg")
        .setScore(score)
        .setLevel(QualityLevel.FAIR)
        .setLevels(new LevelProbabilities(0.0, 0.0, 1.0, 0.0, 0.0))
        .setDistortions(Map.of())
        .setRegions(regions)
        .setStageMillis(Map.of())
        .setModelId("test")
        .setModelVersion("1")
        .build();
  }

  private static RegionSummary region(String label, double score) {
    return RegionSummary.newBuilder()
        .setRoiId(label)
        .setLabel(label)
        .setSource(label.equals("whole") ? RoiSource.WHOLE : RoiSource.STATIC)
        .setBox(new Box(0.0, 0.0, 320.0, 240.0))
        .setAreaFraction(0.25)
        .setScore(score)
        .setLevel(QualityLevel.FAIR)
        .setImportance(0.5)
        .build();
  }

  static QualityAlert alert(String feed, String rule, long firedAt, Long resolvedAt) {
    return QualityAlert.newBuilder()
        .setAlertId(feed + "/whole/" + rule)
        .setEpisodeId(feed + "/whole/" + rule + "@" + firedAt)
        .setFeedId(feed)
        .setRoiLabel("whole")
        .setRule(rule)
        .setKind(AlertKind.LOW_SCORE)
        .setState(resolvedAt == null ? AlertState.FIRING : AlertState.RESOLVED)
        .setSeverity(Severity.WARNING)
        .setFiredAt(Instant.ofEpochMilli(firedAt))
        .setResolvedAt(resolvedAt == null ? null : Instant.ofEpochMilli(resolvedAt))
        .setMessage(feed + ": " + rule)
        .setEvidence(AlertEvidence.newBuilder().setValue(12.0).setThreshold(40.0).build())
        .build();
  }

  static QualityTrend trend(String feed, String window, long end, double mean) {
    return QualityTrend.newBuilder()
        .setFeedId(feed)
        .setRoiLabel("whole")
        .setWindow(window)
        .setWindowStart(Instant.ofEpochMilli(end - 10_000))
        .setWindowEnd(Instant.ofEpochMilli(end))
        .setCount(5)
        .setMean(mean)
        .setMin(mean - 5)
        .setMax(mean + 5)
        .setP10(mean - 4)
        .setP50(mean)
        .setP90(mean + 4)
        .setLevelCounts(Map.of())
        .setDistortionCounts(Map.of())
        .setThreshold(40)
        .setShareBelowThreshold(0)
        .setBaseline(80.0)
        .build();
  }
}
