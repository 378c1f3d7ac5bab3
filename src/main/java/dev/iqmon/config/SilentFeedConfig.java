package dev.iqmon.config;

import java.time.Duration;

/**
 * The silent-feed alert: fires when a feed has sent no image for {@code after} (wall-clock time at
 * the service, checked every second); resolves after {@code resolveAfter} images have arrived again
 * with no new silence in between.
 */
public record SilentFeedConfig(
    boolean enabled, Duration after, int resolveAfter, AlertSeverity severity) {

  private static final String KEY = "alerts.silent-feed";

  public SilentFeedConfig {
    Validate.atLeast(after, Duration.ofSeconds(1), KEY + ".after");
    Validate.positive(resolveAfter, KEY + ".resolve-after");
    severity = Validate.severity(severity);
  }
}
