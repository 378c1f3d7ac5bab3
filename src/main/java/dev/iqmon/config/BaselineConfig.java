package dev.iqmon.config;

/**
 * The baseline of each feed and ROI label: an exponentially weighted moving average of the means of
 * the closed windows of the trend window {@code window} (the first of {@code trends.windows} when
 * absent), each new mean weighted {@code alpha}. The baseline-drop alert trusts it after {@code
 * warmUp} windows.
 */
public record BaselineConfig(String window, double alpha, int warmUp) {

  public BaselineConfig {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new ConfigException("trends.baseline.alpha must be in (0, 1], got " + alpha);
    }
    Validate.positive(warmUp, "trends.baseline.warm-up");
  }
}
