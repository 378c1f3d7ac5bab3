package dev.iqmon.config;

import java.time.Duration;

/**
 * One trend window: tumbling when {@code advance} is absent, hopping otherwise; images later than
 * {@code grace} after the window's end are left out of it.
 */
public record WindowConfig(String name, Duration size, Duration advance, Duration grace) {

  public WindowConfig {
    Validate.notBlank(name, "trends.windows[].name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          "trends.windows["
              + name
              + "].name may use letters, digits, '.', '_' and '-' only (it names state stores)");
    }
    Validate.present(size, "trends.windows[" + name + "].size");
    grace = grace == null ? Duration.ZERO : grace;
    if (advance != null && (advance.compareTo(size) > 0 || advance.isZero())) {
      throw new ConfigException("trends.windows[" + name + "].advance must be in (0, size]");
    }
    if (size.isZero()) {
      throw new ConfigException("trends.windows[" + name + "].size must be positive");
    }
  }

  /**
   * How far each window starts after the one before: {@code advance}, or {@code size} if absent.
   */
  public Duration step() {
    return advance == null ? size : advance;
  }
}
