package dev.iqmon.config;

import java.util.List;

/** Settings of one feed: its static regions. */
public record FeedConfig(List<StaticRoiConfig> rois) {

  public FeedConfig {
    rois = rois == null ? List.of() : List.copyOf(rois);
    if (rois.stream().map(StaticRoiConfig::id).distinct().count() != rois.size()) {
      throw new ConfigException("a feed's static ROIs need distinct ids");
    }
  }
}
