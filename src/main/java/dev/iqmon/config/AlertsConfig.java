package dev.iqmon.config;

import java.util.Objects;

/** Alert rules. */
public record AlertsConfig(LowScoreConfig lowScore) {

  public AlertsConfig {
    Objects.requireNonNull(lowScore, "alerts.low-score");
  }
}
