package dev.iqmon.config;

import java.util.List;
import java.util.Objects;

/**
 * The trend windows, each giving one record per feed, ROI label and closed window, and the baseline
 * kept from one of them.
 */
public record TrendsConfig(List<WindowConfig> windows, BaselineConfig baseline) {

  public TrendsConfig {
    windows = windows == null ? List.of() : List.copyOf(windows);
    if (windows.stream().map(WindowConfig::name).distinct().count() != windows.size()) {
      throw new ConfigException("trends.windows need distinct names");
    }
    Objects.requireNonNull(baseline, "trends.baseline");
  }

  public boolean hasWindow(String name) {
    return windows.stream().anyMatch(w -> w.name().equals(name));
  }

  /**
   * The window a rule or the baseline watches: the one named, or the first window when none is
   * named; null when there are no windows.
   */
  public String windowOrFirst(String name) {
    return name != null ? name : windows.isEmpty() ? null : windows.get(0).name();
  }
}
