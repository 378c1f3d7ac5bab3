package dev.iqmon.config;

/**
 * The signal-loss alert: a frame with no picture, one colour all over (the spread of its
 * brightness, 0..255, under {@code uniformBelow}) or vertical colour bars; {@code consecutive} such
 * frames in a row fire, {@code resolveAfter} frames with a picture resolve.
 */
public record SignalLossConfig(
    boolean enabled,
    double uniformBelow,
    int consecutive,
    int resolveAfter,
    AlertSeverity severity) {

  private static final String KEY = "alerts.signal-loss";

  public SignalLossConfig {
    Validate.between(uniformBelow, 0, 64, KEY + ".uniform-below");
    Validate.positive(consecutive, KEY + ".consecutive");
    Validate.positive(resolveAfter, KEY + ".resolve-after");
    severity = Validate.severity(severity);
  }
}
