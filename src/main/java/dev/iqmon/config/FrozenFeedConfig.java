package dev.iqmon.config;

/**
 * The frozen-feed alert: fires when {@code repeats} images in a row have the same content (the same
 * decoded pixels); resolves after {@code resolveAfter} images in a row that each differ from the
 * one before.
 */
public record FrozenFeedConfig(
    boolean enabled, int repeats, int resolveAfter, AlertSeverity severity) {

  private static final String KEY = "alerts.frozen-feed";

  public FrozenFeedConfig {
    if (repeats < 2) {
      throw new ConfigException(KEY + ".repeats must be at least 2, got " + repeats);
    }
    Validate.positive(resolveAfter, KEY + ".resolve-after");
    severity = Validate.severity(severity);
  }
}
