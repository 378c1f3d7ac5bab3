package dev.iqmon.web;

import dev.iqmon.avro.AlertEvidence;
import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole fleet as the dashboard shows it, held in memory from the result topics: per feed the
 * latest image result and thumbnail, the trend series, the firing alerts and the recent episodes;
 * across the fleet the episodes resolved within {@code resolvedHistory}. Bounded: at most {@code
 * maxFeeds} feeds (the one silent longest is let go first) and a fixed number of points, labels and
 * episodes per feed.
 */
public final class FleetStore {

  static final int MAX_RESOLVED = 5000;

  private final List<String> windows;
  private final int maxFeeds;
  private final Duration history;
  private final Duration resolvedHistory;
  private final Clock clock;
  private final Map<String, FeedState> feeds = new HashMap<>();
  private final Deque<FleetViews.Alert> resolved = new ArrayDeque<>();
  private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();

  /** {@code windows}: the trend windows' names, smallest first (the sparkline uses the first). */
  public FleetStore(
      List<String> windows, int maxFeeds, Duration history, Duration resolvedHistory, Clock clock) {
    this.windows = List.copyOf(windows);
    this.maxFeeds = maxFeeds;
    this.history = history;
    this.resolvedHistory = resolvedHistory;
    this.clock = clock;
  }

  public void listen(FleetListener listener) {
    listeners.add(listener);
  }

  public void image(ImageQuality image, long ts) {
    synchronized (this) {
      FeedState state = state(image.getFeedId());
      if (state.image != null && state.image.getCaptureTime().isAfter(image.getCaptureTime())) {
        return;
      }
      state.image = image;
      state.imageTs = ts;
    }
    listeners.forEach(l -> l.feedChanged(image.getFeedId()));
  }

  public void thumbnail(FeedThumbnail thumbnail) {
    synchronized (this) {
      FeedState state = state(thumbnail.getFeedId());
      if (state.thumbnail != null
          && state.thumbnail.getCaptureTime().isAfter(thumbnail.getCaptureTime())) {
        return;
      }
      state.thumbnail = thumbnail;
    }
    listeners.forEach(l -> l.feedChanged(thumbnail.getFeedId()));
  }

  public void trend(QualityTrend trend) {
    synchronized (this) {
      state(trend.getFeedId()).trend(trend);
    }
    listeners.forEach(l -> l.feedChanged(trend.getFeedId()));
  }

  public void alert(QualityAlert record, long ts) {
    FleetViews.Alert alert = view(record, ts);
    synchronized (this) {
      FeedState state = state(alert.feed());
      if (alert.resolvedAt() == null) {
        state.firing.put(alert.alertId(), alert);
      } else {
        FleetViews.Alert open = state.firing.get(alert.alertId());
        if (open != null && open.episodeId().equals(alert.episodeId())) {
          state.firing.remove(alert.alertId());
        }
        resolved.removeIf(e -> e.episodeId().equals(alert.episodeId()));
        resolved.addLast(alert);
        trimResolved();
      }
      state.episode(alert);
    }
    listeners.forEach(l -> l.feedChanged(alert.feed()));
    listeners.forEach(l -> l.alertChanged(alert));
  }

  public synchronized int size() {
    return feeds.size();
  }

  public synchronized FleetViews.Fleet fleet() {
    List<FleetViews.Tile> tiles = new ArrayList<>(feeds.size());
    int firing = 0;
    for (FeedState state : feeds.values()) {
      tiles.add(TileViews.tile(state, sparkWindow(), history));
      firing += state.firing.size();
    }
    tiles.sort(TileViews.WORST_FIRST);
    return new FleetViews.Fleet(windows, tiles.size(), firing, tiles);
  }

  public synchronized Optional<FleetViews.Tile> tile(String feed) {
    FeedState state = feeds.get(feed);
    return state == null
        ? Optional.empty()
        : Optional.of(TileViews.tile(state, sparkWindow(), history));
  }

  public synchronized Optional<FleetViews.Feed> feed(String feed) {
    FeedState state = feeds.get(feed);
    if (state == null) {
      return Optional.empty();
    }
    Map<String, Map<String, FleetViews.Series>> trends = new LinkedHashMap<>();
    state.trends.forEach(
        (label, byWindow) -> {
          Map<String, FleetViews.Series> series = new LinkedHashMap<>();
          byWindow.forEach((window, points) -> series.put(window, FeedState.series(points, 0)));
          trends.put(label, series);
        });
    List<FleetViews.Alert> episodes = new ArrayList<>(state.episodes);
    episodes.sort(Comparator.comparingLong(FleetViews.Alert::firedAt).reversed());
    return Optional.of(
        new FleetViews.Feed(
            TileViews.tile(state, sparkWindow(), history),
            TileViews.regions(state),
            trends,
            episodes));
  }

  public synchronized FleetViews.Alerts alerts() {
    trimResolved();
    List<FleetViews.Alert> firing = new ArrayList<>();
    feeds.values().forEach(s -> firing.addAll(s.firing.values()));
    firing.sort(TileViews.BY_SEVERITY_THEN_AGE);
    List<FleetViews.Alert> done = new ArrayList<>(resolved);
    done.sort(Comparator.comparing(FleetViews.Alert::resolvedAt).reversed());
    return new FleetViews.Alerts(firing, done);
  }

  /** The latest thumbnail's JPEG and the image it shows. */
  public synchronized Optional<FeedThumbnail> thumbnail(String feed) {
    FeedState state = feeds.get(feed);
    return state == null ? Optional.empty() : Optional.ofNullable(state.thumbnail);
  }

  /** What the per-feed meters show of one feed. */
  public record Readings(
      Map<String, Double> labelScores,
      Map<String, Map<String, Double>> windowMeans,
      Map<String, Integer> firingByRule) {}

  /**
   * The feed's latest score per ROI label, last window mean per label and window, and firing alerts
   * per rule.
   */
  public synchronized Optional<Readings> readings(String feed) {
    FeedState state = feeds.get(feed);
    if (state == null) {
      return Optional.empty();
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    if (state.image != null) {
      scores.put("whole", state.image.getScore());
      state.image.getRegions().forEach(r -> scores.putIfAbsent(r.getLabel(), r.getScore()));
    }
    Map<String, Map<String, Double>> means = new LinkedHashMap<>();
    state.trends.forEach(
        (label, byWindow) -> {
          Map<String, Double> last = new LinkedHashMap<>();
          byWindow.forEach(
              (window, points) -> {
                if (!points.isEmpty()) {
                  last.put(window, points.peekLast().getMean());
                }
              });
          means.put(label, last);
        });
    Map<String, Integer> firing = new LinkedHashMap<>();
    state.firing.values().forEach(a -> firing.merge(a.rule(), 1, Integer::sum));
    return Optional.of(new Readings(scores, means, firing));
  }

  private String sparkWindow() {
    return windows.isEmpty() ? null : windows.get(0);
  }

  private FeedState state(String feed) {
    FeedState state = feeds.get(feed);
    if (state == null) {
      if (feeds.size() >= maxFeeds) {
        feeds.values().stream()
            .min(Comparator.comparingLong(s -> s.lastSeen))
            .ifPresent(s -> feeds.remove(s.feed));
      }
      state = new FeedState(feed);
      feeds.put(feed, state);
    }
    state.lastSeen = clock.millis();
    return state;
  }

  private void trimResolved() {
    long since = clock.millis() - resolvedHistory.toMillis();
    resolved.removeIf(a -> a.resolvedAt() < since);
    while (resolved.size() > MAX_RESOLVED) {
      resolved.removeFirst();
    }
  }

  static FleetViews.Alert view(QualityAlert a, long ts) {
    return new FleetViews.Alert(
        a.getAlertId(),
        a.getEpisodeId(),
        a.getFeedId(),
        a.getRoiLabel(),
        a.getRule(),
        a.getKind(),
        a.getSeverity(),
        a.getState(),
        a.getFiredAt().toEpochMilli(),
        a.getResolvedAt() == null ? null : a.getResolvedAt().toEpochMilli(),
        a.getMessage(),
        a.getDistortion(),
        evidence(a.getEvidence()),
        ts);
  }

  private static Map<String, Object> evidence(AlertEvidence e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("value", e.getValue());
    out.put("threshold", e.getThreshold());
    out.put("baseline", e.getBaseline());
    out.put("scores", e.getScores());
    out.put("imageIds", e.getImageIds());
    out.put("window", e.getWindow());
    out.put("windowStart", e.getWindowStart() == null ? null : e.getWindowStart().toEpochMilli());
    out.put("windowEnd", e.getWindowEnd() == null ? null : e.getWindowEnd().toEpochMilli());
    out.put("imageCount", e.getImageCount());
    return out;
  }
}
