package dev.iqmon.stream;

import dev.iqmon.avro.QualityTrend;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.config.WindowConfig;
import dev.iqmon.trends.TrendAccumulator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Windowed aggregates of region scores per feed and ROI label, one output record per closed window.
 * Regions are re-keyed by feed and label but still partitioned by feed, so a feed's trends live
 * with the rest of its state.
 */
final class TrendTopology {

  private static final char SEPARATOR = '\u001f';

  private TrendTopology() {}

  static void add(
      KStream<String, RegionScore> regions,
      List<WindowConfig> windows,
      double threshold,
      String topic,
      Serde<RegionScore> regionSerde,
      Serde<QualityTrend> trendSerde) {
    if (windows.isEmpty()) {
      return;
    }
    KStream<String, RegionScore> byLabel =
        regions
            .selectKey(
                (feed, score) -> feed + SEPARATOR + score.getLabel(),
                Named.as("trend-key-by-label"))
            .repartition(
                Repartitioned.<String, RegionScore>as("trend-by-label")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(regionSerde)
                    .withStreamPartitioner(byFeed()));
    Serde<TrendAccumulator> accumulatorSerde =
        Serdes.serdeFrom(
            (t, acc) -> acc.toBytes(), (t, bytes) -> TrendAccumulator.fromBytes(bytes));
    for (WindowConfig window : windows) {
      byLabel
          .groupByKey(Grouped.with("trend-" + window.name(), Serdes.String(), regionSerde))
          .windowedBy(
              TimeWindows.ofSizeAndGrace(window.sizeDuration(), window.graceDuration())
                  .advanceBy(window.advanceDuration()))
          .aggregate(
              TrendAccumulator::new,
              (key, score, acc) -> acc.add(score.getScore(), mainDistortion(score), threshold),
              Named.as("trend-aggregate-" + window.name()),
              Materialized.<String, TrendAccumulator, WindowStore<Bytes, byte[]>>as(
                      "trend-" + window.name())
                  .withKeySerde(Serdes.String())
                  .withValueSerde(accumulatorSerde))
          .suppress(
              Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                  .withName("trend-final-" + window.name()))
          .toStream(Named.as("trend-closed-" + window.name()))
          .map(
              (key, acc) -> toRecord(key, acc, window.name(), threshold),
              Named.as("trend-record-" + window.name()))
          .to(
              topic,
              Produced.with(Serdes.String(), trendSerde).withName("trend-out-" + window.name()));
    }
  }

  /**
   * The region's likeliest distortion when it reaches the probability that makes it the main one.
   */
  private static String mainDistortion(RegionScore score) {
    return score.getDistortions().entrySet().stream()
        .filter(e -> e.getValue() >= dev.iqmon.quality.RegionQuality.MAIN_DISTORTION_MIN)
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  private static KeyValue<String, QualityTrend> toRecord(
      Windowed<String> key, TrendAccumulator acc, String windowName, double threshold) {
    String composite = key.key();
    int cut = composite.indexOf(SEPARATOR);
    String feed = composite.substring(0, cut);
    Map<String, Long> levels = new TreeMap<>();
    acc.levelCounts().forEach((level, n) -> levels.put(level.name(), n));
    QualityTrend trend =
        QualityTrend.newBuilder()
            .setFeedId(feed)
            .setRoiLabel(composite.substring(cut + 1))
            .setWindow(windowName)
            .setWindowStart(Instant.ofEpochMilli(key.window().start()))
            .setWindowEnd(Instant.ofEpochMilli(key.window().end()))
            .setCount(acc.count())
            .setMean(acc.mean())
            .setMin(acc.min())
            .setMax(acc.max())
            .setP10(acc.quantile(0.10))
            .setP50(acc.quantile(0.50))
            .setP90(acc.quantile(0.90))
            .setLevelCounts(levels)
            .setDistortionCounts(acc.distortionCounts())
            .setThreshold(threshold)
            .setShareBelowThreshold(acc.shareBelow())
            .build();
    return KeyValue.pair(feed, trend);
  }

  /**
   * Partitions a feed-and-label key by its feed alone, the way the default partitioner places the
   * feed's records.
   */
  static StreamPartitioner<String, RegionScore> byFeed() {
    return (topic, key, value, partitions) -> {
      String feed = key.substring(0, key.indexOf(SEPARATOR));
      return Optional.of(
          Set.of(
              Utils.toPositive(Utils.murmur2(feed.getBytes(StandardCharsets.UTF_8))) % partitions));
    };
  }
}
