package dev.iqmon.config;

import java.util.List;

/**
 * Settings of one feed: its static regions, and whether the segmenter's automatic mode runs on its
 * images ({@code null}: as {@code segmenter.automatic.enabled} says).
 */
public record FeedConfig(List<StaticRoiConfig> rois, Boolean automaticMasks) {

  public FeedConfig {
    rois = rois == null ? List.of() : List.copyOf(rois);
    if (rois.stream().map(StaticRoiConfig::id).distinct().count() != rois.size()) {
      throw new ConfigException("a feed's static ROIs need distinct ids");
    }
  }
}
