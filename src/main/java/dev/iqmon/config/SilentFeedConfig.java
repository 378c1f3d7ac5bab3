package dev.iqmon.config;

import java.time.Duration;

/**
 * The silent-feed alert: fires when a feed has sent no image for {@code after} (wall-clock time at
 * the service, checked every second); resolves after {@code resolveAfter} images have arrived again
 * with no new silence in between.
 */
public record SilentFeedConfig(boolean enabled, String after, int resolveAfter, String severity) {

  private static final String KEY = "alerts.silent-feed";

  public SilentFeedConfig {
    Validate.duration(after, KEY + ".after");
    if (Durations.parse(after).compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException(KEY + ".after must be at least 1s, got " + after);
    }
    Validate.positive(resolveAfter, KEY + ".resolve-after");
    severity = Validate.severity(severity, KEY + ".severity");
  }

  public Duration afterDuration() {
    return Durations.parse(after);
  }
}
