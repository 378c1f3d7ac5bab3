package dev.iqmon.stream;

import dev.iqmon.alerts.AlertRules;
import dev.iqmon.alerts.RuleSet;
import dev.iqmon.alerts.Verdict;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.config.BaselineConfig;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.trends.Baseline;
import dev.iqmon.trends.TrendAccumulator;
import dev.iqmon.trends.WindowSlicing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Aggregates the region scores of each feed and ROI label into time slices and forwards each trend
 * window once, when it closes. Stream time is the latest capture time seen by the task, kept in a
 * store with the slices, so that after a restart windows close exactly where they would have. When
 * the baseline window closes, the feed and label's baseline takes in its mean, unless a
 * baseline-drop alert is firing for them: a drop must not become the new normal while it lasts.
 */
final class TrendProcessor implements Processor<String, ImageOutcome.Scored, String, ClosedWindow> {

  private final WindowSlicing slicing;
  private final RuleBook rules;
  private final String baselineWindow;
  private final double alpha;
  private final IqmonMetrics metrics;
  private ProcessorContext<String, ClosedWindow> context;
  private WindowStore<String, TrendAccumulator> slices;
  private KeyValueStore<String, Long> clock;
  private KeyValueStore<String, Baseline> baselines;
  private KeyValueStore<String, LabelAlerts> alerts;

  TrendProcessor(
      WindowSlicing slicing,
      RuleBook rules,
      String baselineWindow,
      BaselineConfig baseline,
      IqmonMetrics metrics) {
    this.slicing = slicing;
    this.rules = rules;
    this.baselineWindow = baselineWindow;
    this.alpha = baseline.alpha();
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ClosedWindow> context) {
    this.context = context;
    this.slices = context.getStateStore(AnalyticsStores.TREND_SLICES);
    this.clock = context.getStateStore(AnalyticsStores.TREND_CLOCK);
    this.baselines = context.getStateStore(AnalyticsStores.TREND_BASELINES);
    this.alerts = context.getStateStore(AnalyticsStores.ALERT_STATE);
  }

  @Override
  public void process(Record<String, ImageOutcome.Scored> record) {
    long time = record.value().image().getCaptureTime().toEpochMilli();
    Long previous = clock.get(AnalyticsStores.STREAM_TIME);
    long streamTime = previous == null ? time : Math.max(previous, time);
    if (previous != null && streamTime > previous) {
      // Close before adding: the closing windows hold no later score, and the slices they need
      // are still retained, however far stream time jumps.
      close(previous, streamTime);
    }
    if (previous == null || streamTime > previous) {
      clock.put(AnalyticsStores.STREAM_TIME, streamTime);
    }
    if (slicing.accepts(time, streamTime)) {
      add(record.value(), slicing.sliceStart(time));
    } else {
      metrics.trendLate();
    }
  }

  private void add(ImageOutcome.Scored scored, long slice) {
    String feed = scored.feedId();
    Map<String, List<RegionScore>> byLabel = new LinkedHashMap<>();
    for (RegionScore region : scored.regions()) {
      byLabel.computeIfAbsent(region.getLabel(), l -> new ArrayList<>()).add(region);
    }
    byLabel.forEach(
        (label, regions) -> {
          String key = AnalyticsStores.key(feed, label);
          double threshold = rules.lowScoreThreshold(feed, label);
          TrendAccumulator acc = slices.fetch(key, slice);
          acc = acc == null ? new TrendAccumulator() : acc;
          for (RegionScore region : regions) {
            acc.add(region.getScore(), mainDistortion(region), threshold);
          }
          slices.put(key, acc, slice);
        });
  }

  private void close(long from, long to) {
    for (WindowSlicing.Window window : slicing.closing(from, to)) {
      Map<String, TrendAccumulator> byKey = new TreeMap<>();
      try (KeyValueIterator<Windowed<String>, TrendAccumulator> it =
          slices.fetchAll(window.start(), window.end() - 1)) {
        it.forEachRemaining(
            kv -> byKey.computeIfAbsent(kv.key.key(), k -> new TrendAccumulator()).merge(kv.value));
      }
      byKey.forEach((key, trend) -> emit(window, key, trend));
    }
  }

  private void emit(WindowSlicing.Window window, String key, TrendAccumulator trend) {
    String feed = AnalyticsStores.feedOf(key);
    String label = AnalyticsStores.labelOf(key);
    Baseline before = baselines.get(key);
    if (window.name().equals(baselineWindow) && learns(feed, label, before, trend.mean())) {
      baselines.put(key, Baseline.update(before, trend.mean(), alpha, window.end()));
    }
    metrics.trendWindowClosed();
    context.forward(
        new Record<>(
            feed,
            new ClosedWindow(
                feed, label, window, trend, rules.lowScoreThreshold(feed, label), before),
            window.end()));
  }

  /**
   * Whether the baseline takes in a window's mean: not when the mean is as far under it as makes
   * the baseline-drop alert fire, nor while that alert is firing.
   */
  private boolean learns(String feed, String label, Baseline before, double mean) {
    RuleSet.WindowRule drop = rules.forLabel(feed, label).baselineDrop();
    if (drop == null || before == null || !before.warm(drop.warmUp())) {
      return true;
    }
    if (drop.rule().judge(before.mean() - mean) == Verdict.BREACH) {
      return false;
    }
    LabelAlerts state = alerts.get(AnalyticsStores.key(feed, label));
    return state == null || !state.get(AlertRules.BASELINE_DROP).firing();
  }

  /** The region's likeliest distortion when it is likely enough to be its main one. */
  private static String mainDistortion(RegionScore score) {
    return score.getDistortions().entrySet().stream()
        .filter(e -> e.getValue() >= RegionQuality.MAIN_DISTORTION_MIN)
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }
}
