package dev.iqmon.web;

import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityTrend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the dashboard holds about one feed; guarded by its {@link FleetStore}. */
final class FeedState {

  /** Trend points kept per label and window, and labels kept per feed. */
  static final int MAX_POINTS = 240;

  static final int MAX_LABELS = 16;
  static final int MAX_EPISODES = 50;

  final String feed;
  ImageQuality image;
  long imageTs;
  FeedThumbnail thumbnail;
  long lastSeen;
  final Map<String, FleetViews.Alert> firing = new LinkedHashMap<>();
  final Deque<FleetViews.Alert> episodes = new ArrayDeque<>();
  final Map<String, Map<String, Deque<QualityTrend>>> trends = new TreeMap<>();

  FeedState(String feed) {
    this.feed = feed;
  }

  void trend(QualityTrend trend) {
    String label = trend.getRoiLabel();
    if (!trends.containsKey(label) && trends.size() >= MAX_LABELS) {
      return;
    }
    Deque<QualityTrend> points =
        trends
            .computeIfAbsent(label, l -> new TreeMap<>())
            .computeIfAbsent(trend.getWindow(), w -> new ArrayDeque<>());
    if (!points.isEmpty() && !points.peekLast().getWindowEnd().isBefore(trend.getWindowEnd())) {
      // Replayed or out of order: keep the series sorted and free of duplicates.
      List<QualityTrend> sorted = new ArrayList<>(points);
      sorted.removeIf(p -> p.getWindowEnd().equals(trend.getWindowEnd()));
      sorted.add(trend);
      sorted.sort((a, b) -> a.getWindowEnd().compareTo(b.getWindowEnd()));
      points.clear();
      points.addAll(sorted);
    } else {
      points.addLast(trend);
    }
    while (points.size() > MAX_POINTS) {
      points.removeFirst();
    }
  }

  void episode(FleetViews.Alert alert) {
    episodes.removeIf(e -> e.episodeId().equals(alert.episodeId()));
    episodes.addLast(alert);
    while (episodes.size() > MAX_EPISODES) {
      episodes.removeFirst();
    }
  }

  static FleetViews.Series series(Deque<QualityTrend> points, long sinceMillis) {
    List<Long> t = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    List<Double> p10 = new ArrayList<>();
    List<Double> p90 = new ArrayList<>();
    List<Double> base = new ArrayList<>();
    for (QualityTrend p : points) {
      if (p.getWindowEnd().toEpochMilli() < sinceMillis) {
        continue;
      }
      t.add(p.getWindowEnd().getEpochSecond());
      mean.add(round(p.getMean()));
      p10.add(round(p.getP10()));
      p90.add(round(p.getP90()));
      base.add(p.getBaseline() == null ? null : round(p.getBaseline()));
    }
    return new FleetViews.Series(t, mean, p10, p90, base);
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
