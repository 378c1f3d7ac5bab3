package dev.iqmon.config;

import java.time.Duration;

/**
 * One trend window: tumbling when {@code advance} is absent, hopping otherwise; images later than
 * {@code grace} after the window's end are left out of it.
 */
public record WindowConfig(String name, String size, String advance, String grace) {

  public WindowConfig {
    Validate.notBlank(name, "trends.windows[].name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          "trends.windows["
              + name
              + "].name may use letters, digits, '.', '_' and '-' only (it names state stores)");
    }
    Validate.duration(size, "trends.windows[" + name + "].size");
    grace = grace == null ? "0s" : grace;
    Validate.duration(grace, "trends.windows[" + name + "].grace");
    if (advance != null) {
      Validate.duration(advance, "trends.windows[" + name + "].advance");
      if (Durations.parse(advance).compareTo(Durations.parse(size)) > 0
          || Durations.parse(advance).isZero()) {
        throw new ConfigException("trends.windows[" + name + "].advance must be in (0, size]");
      }
    }
    if (Durations.parse(size).isZero()) {
      throw new ConfigException("trends.windows[" + name + "].size must be positive");
    }
  }

  public Duration sizeDuration() {
    return Durations.parse(size);
  }

  public Duration advanceDuration() {
    return advance == null ? sizeDuration() : Durations.parse(advance);
  }

  public Duration graceDuration() {
    return Durations.parse(grace);
  }
}
