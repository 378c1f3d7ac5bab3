package dev.iqmon.config;

import java.util.Map;
import java.util.Objects;

/** Everything iqmon is configured with; see {@code config/iqmon.yaml} for each setting. */
public record IqmonConfig(
    KafkaConfig kafka,
    RegistryConfig registry,
    TopicsConfig topics,
    ImagesConfig images,
    RoisConfig rois,
    SegmenterConfig segmenter,
    DetectorsConfig detectors,
    ModelConfig model,
    Map<String, FeedConfig> feeds,
    AlertsConfig alerts,
    TrendsConfig trends,
    MetricsConfig metrics,
    WorkersConfig workers,
    DashboardConfig dashboard) {

  public IqmonConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(rois, "rois");
    Objects.requireNonNull(segmenter, "segmenter");
    Objects.requireNonNull(detectors, "detectors");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(trends, "trends");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(dashboard, "dashboard");
    feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
    checkSegmenterNeeds(segmenter, feeds);
    checkAlertWindows(alerts, trends);
  }

  /** The windows that the baseline and the window rules name must be trend windows. */
  private static void checkAlertWindows(AlertsConfig alerts, TrendsConfig trends) {
    String baseline = trends.baseline().window();
    if (baseline != null && !trends.hasWindow(baseline)) {
      throw new ConfigException(
          "trends.baseline.window '" + baseline + "' is not one of trends.windows");
    }
    for (AlertRulesConfig rules : alerts.all()) {
      String window = rules.lowScoreShare().window();
      if (window != null && !trends.hasWindow(window)) {
        throw new ConfigException(
            "alerts.low-score-share.window '" + window + "' is not one of trends.windows");
      }
    }
  }

  /** The settings of a feed; feeds not in the config have none. */
  public FeedConfig feed(String feedId) {
    return feeds.getOrDefault(feedId, new FeedConfig(null, null));
  }

  /** Whether the segmenter's automatic mode runs on the feed's images. */
  public boolean automaticMasks(String feedId) {
    Boolean perFeed = feed(feedId).automaticMasks();
    return perFeed != null ? perFeed : segmenter.automatic().enabled();
  }

  private static void checkSegmenterNeeds(
      SegmenterConfig segmenter, Map<String, FeedConfig> feeds) {
    if (segmenter.enabled()) {
      return;
    }
    if (segmenter.automatic().enabled()) {
      throw new ConfigException(
          "segmenter.automatic.enabled needs a segmenter: set segmenter.encoder.path and"
              + " segmenter.decoder.path");
    }
    feeds.forEach(
        (id, feed) -> {
          if (Boolean.TRUE.equals(feed.automaticMasks())) {
            throw new ConfigException(
                "feeds."
                    + id
                    + ".automatic-masks needs a segmenter: set segmenter.encoder.path"
                    + " and segmenter.decoder.path");
          }
        });
  }
}
