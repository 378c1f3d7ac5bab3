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
  }

  /** The settings of a feed; feeds not in the config have none. */
  public FeedConfig feed(String feedId) {
    return feeds.getOrDefault(feedId, new FeedConfig(null));
  }
}
