package dev.iqmon.stream;

import dev.iqmon.alerts.AlertEvent;
import dev.iqmon.alerts.EpisodeState;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.stream.FeedQueries.AlertView;
import dev.iqmon.stream.FeedQueries.BaselineView;
import dev.iqmon.stream.FeedQueries.TrendsView;
import dev.iqmon.stream.FeedQueries.WindowView;
import dev.iqmon.trends.Baseline;
import dev.iqmon.trends.TrendAccumulator;
import dev.iqmon.trends.WindowSlicing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** Reads a feed's trends and alerts out of the analytics stores, as the query views. */
final class StoreViews {

  private final WindowSlicing slicing;
  private final RuleBook rules;

  StoreViews(WindowSlicing slicing, RuleBook rules) {
    this.slicing = slicing;
    this.rules = rules;
  }

  static StoreViews of(IqmonConfig config) {
    return new StoreViews(
        config.trends().windows().isEmpty()
            ? null
            : AnalyticsTopology.slicing(config.trends().windows()),
        new RuleBook(config.alerts(), config.trends()));
  }

  /** Null when no trend windows are configured. */
  WindowSlicing slicing() {
    return slicing;
  }

  /** The feed's baselines and the windows not closed yet, merged from their slices. */
  TrendsView trends(
      String feed,
      ReadOnlyKeyValueStore<String, Long> clock,
      ReadOnlyKeyValueStore<String, Baseline> baselineStore,
      ReadOnlyWindowStore<String, TrendAccumulator> slices) {
    Long streamTime = clock.get(AnalyticsStores.STREAM_TIME);
    List<BaselineView> baselines = new ArrayList<>();
    try (KeyValueIterator<String, Baseline> it =
        baselineStore.prefixScan(AnalyticsStores.feedPrefix(feed), new StringSerializer())) {
      it.forEachRemaining(
          kv ->
              baselines.add(
                  new BaselineView(
                      AnalyticsStores.labelOf(kv.key),
                      kv.value.mean(),
                      kv.value.windows(),
                      iso(kv.value.updatedAt()))));
    }
    List<WindowView> windows =
        streamTime == null ? List.of() : openWindows(feed, slices, streamTime);
    return new TrendsView(feed, streamTime == null ? null : iso(streamTime), baselines, windows);
  }

  private List<WindowView> openWindows(
      String feed, ReadOnlyWindowStore<String, TrendAccumulator> store, long streamTime) {
    Map<String, TreeMap<Long, TrendAccumulator>> slicesByLabel = new TreeMap<>();
    String prefix = AnalyticsStores.feedPrefix(feed);
    try (KeyValueIterator<Windowed<String>, TrendAccumulator> it =
        store.fetch(
            prefix,
            AnalyticsStores.feedPrefixEnd(feed),
            Instant.ofEpochMilli(streamTime - slicing.retention()),
            Instant.ofEpochMilli(streamTime))) {
      it.forEachRemaining(
          kv -> {
            if (kv.key.key().startsWith(prefix)) {
              slicesByLabel
                  .computeIfAbsent(AnalyticsStores.labelOf(kv.key.key()), l -> new TreeMap<>())
                  .put(kv.key.window().start(), kv.value);
            }
          });
    }
    List<WindowView> out = new ArrayList<>();
    for (WindowSlicing.Window w : slicing.open(streamTime)) {
      slicesByLabel.forEach(
          (label, slices) -> {
            TrendAccumulator acc = new TrendAccumulator();
            slices.subMap(w.start(), w.end()).values().forEach(acc::merge);
            if (acc.count() > 0) {
              out.add(view(feed, label, w, acc));
            }
          });
    }
    return out;
  }

  private WindowView view(String feed, String label, WindowSlicing.Window w, TrendAccumulator acc) {
    Map<String, Long> levels = new TreeMap<>();
    acc.levelCounts().forEach((level, n) -> levels.put(level.name(), n));
    return new WindowView(
        label,
        w.name(),
        iso(w.start()),
        iso(w.end()),
        iso(w.closesAt()),
        acc.count(),
        acc.mean(),
        acc.min(),
        acc.max(),
        acc.quantile(0.10),
        acc.quantile(0.50),
        acc.quantile(0.90),
        rules.lowScoreThreshold(feed, label),
        acc.shareBelow(),
        levels,
        acc.distortionCounts());
  }

  /** The feed's alert episodes that have fired and not resolved. */
  static List<AlertView> alerts(String feed, ReadOnlyKeyValueStore<String, LabelAlerts> store) {
    List<AlertView> out = new ArrayList<>();
    try (KeyValueIterator<String, LabelAlerts> it =
        store.prefixScan(AnalyticsStores.feedPrefix(feed), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, LabelAlerts> kv = it.next();
        for (EpisodeState episode : kv.value.episodes().values()) {
          if (episode.firing()) {
            out.add(view(episode.fired()));
          }
        }
      }
    }
    return out;
  }

  private static AlertView view(AlertEvent e) {
    return new AlertView(
        e.alertId(),
        e.episodeId(),
        e.label(),
        e.rule().id(),
        e.qualifier(),
        e.severity().name(),
        iso(e.firedAt()),
        e.message(),
        e.evidence().value(),
        e.evidence().threshold(),
        e.evidence().baseline(),
        e.evidence().imageIds());
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
