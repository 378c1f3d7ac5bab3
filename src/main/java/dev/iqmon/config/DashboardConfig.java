package dev.iqmon.config;

import java.time.Duration;
import java.util.List;

/**
 * The live dashboard served at {@code /}: whether it runs, the thumbnails the pipeline publishes
 * for it, how much it keeps in memory, and the bound on the per-feed quality meters.
 */
public record DashboardConfig(
    boolean enabled,
    ThumbnailsConfig thumbnails,
    int maxFeeds,
    Duration history,
    Duration resolvedHistory,
    FeedMetersConfig meters) {

  public DashboardConfig {
    if (thumbnails == null) {
      throw new ConfigException("dashboard.thumbnails is required");
    }
    if (meters == null) {
      throw new ConfigException("dashboard.meters is required");
    }
    Validate.positive(maxFeeds, "dashboard.max-feeds");
    Validate.present(history, "dashboard.history");
    Validate.present(resolvedHistory, "dashboard.resolved-history");
  }

  /**
   * The latest small JPEG per feed, bounded in width and bytes, made at most once per {@code
   * minInterval} of a feed's capture time.
   */
  public record ThumbnailsConfig(boolean enabled, int width, int maxBytes, Duration minInterval) {
    public ThumbnailsConfig {
      Validate.positive(width, "dashboard.thumbnails.width");
      minInterval = minInterval == null ? Duration.ZERO : minInterval;
      if (maxBytes < 2048) {
        throw new ConfigException("dashboard.thumbnails.max-bytes must be at least 2048");
      }
    }
  }

  /**
   * Which feeds get their own tag on the {@code iqmon.feed.*} meters: the {@code allowList} when it
   * is set, else the first {@code maxFeeds} seen; every other feed is counted under {@code _other}.
   * Likewise at most {@code maxLabels} ROI labels per feed.
   */
  public record FeedMetersConfig(int maxFeeds, List<String> allowList, int maxLabels) {
    public FeedMetersConfig {
      if (maxFeeds < 0) {
        throw new ConfigException("dashboard.meters.max-feeds must be 0 or more");
      }
      Validate.positive(maxLabels, "dashboard.meters.max-labels");
      allowList = allowList == null ? List.of() : List.copyOf(allowList);
    }
  }
}
