package dev.iqmon.stream;

import dev.iqmon.avro.QualityTrend;
import dev.iqmon.trends.TrendAccumulator;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Closed trend windows as the {@link QualityTrend} records that leave the service. */
final class TrendRecords {

  private TrendRecords() {}

  static QualityTrend toAvro(ClosedWindow closed) {
    TrendAccumulator acc = closed.trend();
    Map<String, Long> levels = new TreeMap<>();
    acc.levelCounts().forEach((level, n) -> levels.put(level.name(), n));
    return QualityTrend.newBuilder()
        .setFeedId(closed.feed())
        .setRoiLabel(closed.label())
        .setWindow(closed.window().name())
        .setWindowStart(Instant.ofEpochMilli(closed.window().start()))
        .setWindowEnd(Instant.ofEpochMilli(closed.window().end()))
        .setCount(acc.count())
        .setMean(acc.mean())
        .setMin(acc.min())
        .setMax(acc.max())
        .setP10(acc.quantile(0.10))
        .setP50(acc.quantile(0.50))
        .setP90(acc.quantile(0.90))
        .setLevelCounts(levels)
        .setDistortionCounts(acc.distortionCounts())
        .setThreshold(closed.threshold())
        .setShareBelowThreshold(acc.shareBelow())
        .setBaseline(closed.baseline() == null ? null : closed.baseline().mean())
        .build();
  }
}
