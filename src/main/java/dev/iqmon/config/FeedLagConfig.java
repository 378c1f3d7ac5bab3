package dev.iqmon.config;

import java.time.Duration;

/**
 * The feed-lag alert: the delay from an image's capture time to its arrival (the Kafka timestamp of
 * its event), either way, at least {@code fireAtOrAbove} for {@code consecutive} images in a row
 * fires; under {@code resolveBelow} as long resolves.
 */
public record FeedLagConfig(
    boolean enabled, String fireAtOrAbove, String resolveBelow, int consecutive, String severity) {

  private static final String KEY = "alerts.feed-lag";

  public FeedLagConfig {
    Validate.duration(fireAtOrAbove, KEY + ".fire-at-or-above");
    Validate.duration(resolveBelow, KEY + ".resolve-below");
    if (Durations.parse(resolveBelow).compareTo(Durations.parse(fireAtOrAbove)) > 0) {
      throw new ConfigException(
          KEY
              + ".resolve-below must be at most fire-at-or-above ("
              + fireAtOrAbove
              + "), got "
              + resolveBelow);
    }
    Validate.positive(consecutive, KEY + ".consecutive");
    severity = Validate.severity(severity, KEY + ".severity");
  }

  public Duration fireDuration() {
    return Durations.parse(fireAtOrAbove);
  }

  public Duration resolveDuration() {
    return Durations.parse(resolveBelow);
  }
}
