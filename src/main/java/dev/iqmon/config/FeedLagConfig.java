package dev.iqmon.config;

import java.time.Duration;

/**
 * The feed-lag alert: the delay from an image's capture time to its arrival (the Kafka timestamp of
 * its event), either way, at least {@code fireAtOrAbove} for {@code consecutive} images in a row
 * fires; under {@code resolveBelow} as long resolves.
 */
public record FeedLagConfig(
    boolean enabled,
    Duration fireAtOrAbove,
    Duration resolveBelow,
    int consecutive,
    AlertSeverity severity) {

  private static final String KEY = "alerts.feed-lag";

  public FeedLagConfig {
    Validate.present(fireAtOrAbove, KEY + ".fire-at-or-above");
    Validate.present(resolveBelow, KEY + ".resolve-below");
    if (resolveBelow.compareTo(fireAtOrAbove) > 0) {
      throw new ConfigException(
          KEY
              + ".resolve-below must be at most fire-at-or-above ("
              + Durations.format(fireAtOrAbove)
              + "), got "
              + Durations.format(resolveBelow));
    }
    Validate.positive(consecutive, KEY + ".consecutive");
    severity = Validate.severity(severity);
  }
}
