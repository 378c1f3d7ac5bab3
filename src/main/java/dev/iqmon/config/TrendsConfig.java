package dev.iqmon.config;

import java.util.List;

/** The trend windows; each gives one record per feed, ROI label and closed window. */
public record TrendsConfig(List<WindowConfig> windows) {

  public TrendsConfig {
    windows = windows == null ? List.of() : List.copyOf(windows);
    if (windows.stream().map(WindowConfig::name).distinct().count() != windows.size()) {
      throw new ConfigException("trends.windows need distinct names");
    }
  }
}
