package dev.iqmon.stream;

import java.util.List;
import java.util.Map;

/**
 * What can be asked about a feed: on this instance, which partitions hold its state, and on each,
 * its open trend windows with their baselines and its alerts that are firing; and which other
 * instances to ask. A feed's state is wherever its records landed, whatever partitioner its
 * producers used, so no instance is assumed from the feed id. Each question about the state may
 * throw {@link FeedStateUnavailableException} while it cannot be read (ask again later).
 */
public interface FeedQueries {

  /** The other instances of the application ({@code host:port}), {@code self} left out. */
  List<String> otherInstances(String self);

  /** The partitions of this instance's active tasks that have seen the feed's images. */
  List<Integer> partitionsOf(String feed);

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

  /** A feed's alert episodes that have fired and not resolved. */
  record AlertsView(String feedId, List<AlertView> firing) {}

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
