package dev.iqmon.web;

import dev.iqmon.avro.AlertKind;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.Severity;
import java.util.List;
import java.util.Map;

/** What the dashboard's JSON API answers: plain records that Jackson writes as they are. */
public final class FleetViews {

  private FleetViews() {}

  /**
   * One feed's tile: its latest score and level, the time of its image ({@code time}) and of the
   * record that brought it ({@code ts}, epoch ms), the thumbnail's image id ({@code thumb}, null
   * until there is one), the region outlines, the firing alerts and the sparkline.
   */
  public record Tile(
      String feed,
      String imageId,
      long time,
      long ts,
      Double score,
      String level,
      String thumb,
      int thumbWidth,
      int thumbHeight,
      List<Outline> regions,
      List<Alert> alerts,
      Spark spark) {}

  /**
   * A region drawn over the thumbnail; the box is in fractions of the frame; {@code confidence},
   * for a detected region, the detector's, else null.
   */
  public record Outline(
      String id,
      String label,
      String source,
      double x,
      double y,
      double w,
      double h,
      double score,
      String level,
      Double confidence) {}

  /** A region in the feed view's table. */
  public record Region(
      String id,
      String label,
      String source,
      double x,
      double y,
      double w,
      double h,
      double score,
      String level,
      double importance,
      Map<String, Double> distortions,
      Map<String, Double> indicators,
      Double confidence) {}

  /** One change of an alert episode, with its evidence; {@code resolvedAt} null while firing. */
  public record Alert(
      String alertId,
      String episodeId,
      String feed,
      String label,
      String rule,
      AlertKind kind,
      Severity severity,
      AlertState state,
      long firedAt,
      Long resolvedAt,
      String message,
      String distortion,
      Map<String, Object> evidence,
      long ts) {}

  /** Closed windows, oldest first: window end (epoch s), mean, p10, p90 and baseline. */
  public record Series(
      List<Long> t, List<Double> mean, List<Double> p10, List<Double> p90, List<Double> base) {}

  /** A tile's sparkline: the whole frame's series in {@code window}, the last hour or so. */
  public record Spark(String window, Series series) {}

  /** The fleet view: every feed's tile, worst first. */
  public record Fleet(List<String> windows, int feeds, int firing, List<Tile> tiles) {}

  /** The feed view. {@code trends}: label to window name to series. */
  public record Feed(
      Tile tile,
      List<Region> regions,
      Map<String, Map<String, Series>> trends,
      List<Alert> episodes) {}

  /** The alerts view: every firing alert, and the episodes resolved within the history. */
  public record Alerts(List<Alert> firing, List<Alert> resolved) {}
}
