package dev.iqmon.stream;

import dev.iqmon.alerts.AlertEvent;
import dev.iqmon.alerts.AlertRule;
import dev.iqmon.alerts.CellMask;
import dev.iqmon.alerts.WindowRef;
import dev.iqmon.avro.AlertEvidence;
import dev.iqmon.avro.AlertKind;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.RleMask;
import dev.iqmon.avro.Severity;
import dev.iqmon.config.AlertSeverity;
import dev.iqmon.roi.CocoRle;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import java.time.Instant;
import java.util.BitSet;

/** Alert events as the {@link QualityAlert} records that leave the service. */
final class AlertRecords {

  private AlertRecords() {}

  /** The cells of the mask drawn at the image's size, in COCO RLE. */
  private static RleMask mask(CellMask cells) {
    if (cells == null || cells.count() == 0) {
      return null;
    }
    int w = cells.imageWidth();
    int h = cells.imageHeight();
    BitSet bits = new BitSet(w * h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        bits.set(y * w + x, cells.contains(x, y));
      }
    }
    RegionMask mask = new RegionMask(PixelBox.whole(w, h), bits);
    return new RleMask(h, w, CocoRle.encode(mask, w, h));
  }

  /** The record's kind of each rule; a rule added without one does not compile. */
  static AlertKind kind(AlertRule rule) {
    return switch (rule) {
      case LOW_SCORE -> AlertKind.LOW_SCORE;
      case LOW_SCORE_SHARE -> AlertKind.LOW_SCORE_SHARE;
      case BASELINE_DROP -> AlertKind.BASELINE_DROP;
      case DISTORTION_ONSET -> AlertKind.DISTORTION_ONSET;
      case SILENT_FEED -> AlertKind.SILENT_FEED;
      case FROZEN_FEED -> AlertKind.FROZEN_FEED;
      case SCENE_CHANGE -> AlertKind.SCENE_CHANGE;
      case SIGNAL_LOSS -> AlertKind.SIGNAL_LOSS;
      case LENS_BLOCKED -> AlertKind.LENS_BLOCKED;
      case FEED_LAG -> AlertKind.FEED_LAG;
    };
  }

  private static Severity severity(AlertSeverity severity) {
    return switch (severity) {
      case INFO -> Severity.INFO;
      case WARNING -> Severity.WARNING;
      case CRITICAL -> Severity.CRITICAL;
    };
  }

  static QualityAlert toAvro(AlertEvent e) {
    AlertEvent.Evidence evidence = e.evidence();
    WindowRef window = evidence.window();
    return QualityAlert.newBuilder()
        .setAlertId(e.alertId())
        .setEpisodeId(e.episodeId())
        .setFeedId(e.feedId())
        .setRoiLabel(e.label())
        .setRule(e.rule().id())
        .setKind(kind(e.rule()))
        .setState(e.firing() ? AlertState.FIRING : AlertState.RESOLVED)
        .setSeverity(severity(e.severity()))
        .setFiredAt(Instant.ofEpochMilli(e.firedAt()))
        .setResolvedAt(e.resolvedAt() == null ? null : Instant.ofEpochMilli(e.resolvedAt()))
        .setMessage(e.message())
        .setDistortion(e.qualifier())
        .setEvidence(
            AlertEvidence.newBuilder()
                .setValue(evidence.value())
                .setThreshold(evidence.threshold())
                .setBaseline(evidence.baseline())
                .setScores(evidence.values())
                .setImageIds(evidence.imageIds())
                .setWindow(window == null ? null : window.name())
                .setWindowStart(window == null ? null : Instant.ofEpochMilli(window.start()))
                .setWindowEnd(window == null ? null : Instant.ofEpochMilli(window.end()))
                .setImageCount(evidence.imageCount())
                .setDetail(evidence.detail())
                .setMask(mask(evidence.mask()))
                .build())
        .build();
  }
}
