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
    ModelConfig model,
    Map<String, FeedConfig> feeds,
    AlertsConfig alerts,
    TrendsConfig trends,
    MetricsConfig metrics) {

  public IqmonConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(rois, "rois");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(trends, "trends");
    Objects.requireNonNull(metrics, "metrics");
    feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
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
    return feeds.getOrDefault(feedId, new FeedConfig(null));
  }
}
