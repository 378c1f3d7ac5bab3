package dev.iqmon.config;

import java.util.List;

/**
 * Settings of one feed: its static regions, whether the segmenter's automatic mode runs on its
 * images ({@code null}: as {@code segmenter.automatic.enabled} says), and the classes the detectors
 * look for in them ({@code null}: none).
 */
public record FeedConfig(
    List<StaticRoiConfig> rois, Boolean automaticMasks, FeedDetectConfig detect) {

  /** A feed that detects nothing. */
  public FeedConfig(List<StaticRoiConfig> rois, Boolean automaticMasks) {
    this(rois, automaticMasks, null);
  }

  public FeedConfig {
    rois = rois == null ? List.of() : List.copyOf(rois);
    if (rois.stream().map(StaticRoiConfig::id).distinct().count() != rois.size()) {
      throw new ConfigException("a feed's static ROIs need distinct ids");
    }
  }
}
