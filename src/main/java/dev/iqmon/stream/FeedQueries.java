package dev.iqmon.stream;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What can be asked about a feed: which instance holds its state, and, on that instance, its open
 * trend windows with their baselines, and its alerts that are firing. Each question may throw
 * {@link FeedStateUnavailableException} while the state cannot be read (ask again later).
 */
public interface FeedQueries {

  /** The instance ({@code host:port}) that holds a feed's state, and the feed's partition. */
  record Owner(String host, int partition) {}

  /** Empty while the instances are being assigned their partitions. */
  Optional<Owner> owner(String feed);

  TrendsView trends(String feed, int partition);

  List<AlertView> alerts(String feed, int partition);

  /** A feed's trend windows not closed yet, and its baselines; times are ISO-8601. */
  record TrendsView(
      String feedId, String streamTime, List<BaselineView> baselines, List<WindowView> windows) {}

  record BaselineView(String label, double mean, long windows, String updatedAt) {}

  record WindowView(
      String label,
      String window,
      String start,
      String end,
      String closesAt,
      long count,
      double mean,
      double min,
      double max,
      double p10,
      double p50,
      double p90,
      double threshold,
      double shareBelowThreshold,
      Map<String, Long> levelCounts,
      Map<String, Long> distortionCounts) {}

  /** An alert episode that has fired and not resolved. */
  record AlertView(
      String alertId,
      String episodeId,
      String label,
      String rule,
      String distortion,
      String severity,
      String firedAt,
      String message,
      double value,
      double threshold,
      Double baseline,
      List<String> imageIds) {}
}
