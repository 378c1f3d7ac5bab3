package dev.iqmon.web;

import dev.iqmon.config.DashboardConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Quality per feed and ROI label as Micrometer gauges, for Grafana: {@value #SCORE} (the latest
 * score), {@value #WINDOW_MEAN} (the mean of the last closed trend window) and {@value #FIRING}
 * (firing alerts by rule). Bounded: only the allow-listed feeds, or else the first {@code maxFeeds}
 * seen, get their own {@code feed} tag, and at most {@code maxLabels} labels per feed their own
 * {@code label} tag; the rest share {@value #OTHER}, whose score gauges show the mean of the feeds
 * they stand for and whose alert gauges the sum. Fed from the {@link FleetStore}, so every instance
 * exports the whole fleet: aggregate across instances with {@code max}.
 */
public final class FeedQualityMeters implements FleetListener {

  public static final String SCORE = "iqmon.feed.score";
  public static final String WINDOW_MEAN = "iqmon.feed.window.mean";
  public static final String FIRING = "iqmon.feed.alerts.firing";
  public static final String OTHER = "_other";

  private final MeterRegistry registry;
  private final FleetStore store;
  private final Set<String> allowList;
  private final int maxFeeds;
  private final int maxLabels;
  private final Set<String> ownFeeds = new HashSet<>();
  private final Map<String, Set<String>> ownLabels = new HashMap<>();

  /** Per series (meter name and tags): the value each feed contributes. */
  private final Map<Tags, Map<String, Double>> series = new ConcurrentHashMap<>();

  public FeedQualityMeters(
      MeterRegistry registry, FleetStore store, DashboardConfig.FeedMetersConfig config) {
    this.registry = registry;
    this.store = store;
    this.allowList = Set.copyOf(config.allowList());
    this.maxFeeds = config.maxFeeds();
    this.maxLabels = config.maxLabels();
  }

  @Override
  public void feedChanged(String feed) {
    store.readings(feed).ifPresent(r -> update(feed, r));
  }

  @Override
  public void alertChanged(FleetViews.Alert alert) {
    // The feed's change, told just before, carried the firing counts.
  }

  private synchronized void update(String feed, FleetStore.Readings readings) {
    String feedTag = feedTag(feed);
    Map<String, Double> scores = new HashMap<>();
    readings
        .labelScores()
        .forEach((label, v) -> scores.merge(labelTag(feed, feedTag, label), v, Math::min));
    scores.forEach(
        (label, v) ->
            put(
                feed,
                v,
                SCORE,
                "latest score per feed and ROI label",
                Tags.of("feed", feedTag, "label", label),
                mean()));
    readings
        .windowMeans()
        .forEach(
            (label, byWindow) ->
                byWindow.forEach(
                    (window, v) ->
                        put(
                            feed,
                            v,
                            WINDOW_MEAN,
                            "mean score of the last closed trend window per feed, ROI label and window",
                            Tags.of(
                                "feed",
                                feedTag,
                                "label",
                                labelTag(feed, feedTag, label),
                                "window",
                                window),
                            mean())));
    for (Map.Entry<Tags, Map<String, Double>> e : series.entrySet()) {
      if (e.getKey().stream().anyMatch(t -> t.getKey().equals("rule"))
          && e.getKey().stream()
              .anyMatch(t -> t.getKey().equals("feed") && t.getValue().equals(feedTag))) {
        e.getValue().computeIfPresent(feed, (f, v) -> 0.0);
      }
    }
    readings
        .firingByRule()
        .forEach(
            (rule, n) ->
                put(
                    feed,
                    n,
                    FIRING,
                    "firing alerts per feed and rule",
                    Tags.of("feed", feedTag, "rule", rule),
                    sum()));
  }

  private void put(
      String feed,
      double value,
      String name,
      String description,
      Tags tags,
      ToDoubleFunction<Map<String, Double>> aggregate) {
    Tags key = tags.and("__name", name);
    Map<String, Double> contributions =
        series.computeIfAbsent(
            key,
            k -> {
              Map<String, Double> m = new ConcurrentHashMap<>();
              Gauge.builder(name, m, aggregate)
                  .description(description)
                  .tags(tags)
                  .register(registry);
              return m;
            });
    contributions.put(feed, value);
  }

  private static ToDoubleFunction<Map<String, Double>> mean() {
    return m -> m.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static ToDoubleFunction<Map<String, Double>> sum() {
    return m -> m.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  String feedTag(String feed) {
    if (!allowList.isEmpty()) {
      return allowList.contains(feed) ? feed : OTHER;
    }
    if (ownFeeds.contains(feed)) {
      return feed;
    }
    if (ownFeeds.size() < maxFeeds) {
      ownFeeds.add(feed);
      return feed;
    }
    return OTHER;
  }

  private String labelTag(String feed, String feedTag, String label) {
    if (feedTag.equals(OTHER)) {
      return label.equals("whole") ? label : OTHER;
    }
    Set<String> labels = ownLabels.computeIfAbsent(feed, f -> new HashSet<>(List.of("whole")));
    if (labels.contains(label)) {
      return label;
    }
    if (labels.size() < maxLabels) {
      labels.add(label);
      return label;
    }
    return OTHER;
  }
}
