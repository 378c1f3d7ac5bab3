package dev.iqmon.web;

import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.avro.Severity;
import dev.iqmon.avro.ThumbnailRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Turns a {@link FeedState} into the views the page draws. */
final class TileViews {

  private TileViews() {}

  /** Feeds with a score, lowest first, then those without one, by name. */
  static final Comparator<FleetViews.Tile> WORST_FIRST =
      Comparator.comparing((FleetViews.Tile t) -> t.score() == null ? Double.MAX_VALUE : t.score())
          .thenComparing(FleetViews.Tile::feed);

  /** CRITICAL first, then WARNING, then INFO; oldest first within a severity. */
  static final Comparator<FleetViews.Alert> BY_SEVERITY_THEN_AGE =
      Comparator.comparingInt((FleetViews.Alert a) -> severityRank(a.severity()))
          .thenComparingLong(FleetViews.Alert::firedAt);

  static int severityRank(Severity severity) {
    return switch (severity) {
      case CRITICAL -> 0;
      case WARNING -> 1;
      case INFO -> 2;
    };
  }

  static FleetViews.Tile tile(FeedState state, String sparkWindow, Duration history) {
    ImageQuality image = state.image;
    FeedThumbnail thumb = state.thumbnail;
    boolean thumbNewer =
        thumb != null
            && (image == null || !thumb.getCaptureTime().isBefore(image.getCaptureTime()));
    List<FleetViews.Alert> alerts = new ArrayList<>(state.firing.values());
    alerts.sort(BY_SEVERITY_THEN_AGE);
    return new FleetViews.Tile(
        state.feed,
        image != null ? image.getImageId() : thumb != null ? thumb.getImageId() : null,
        image != null ? image.getCaptureTime().toEpochMilli() : 0,
        state.imageTs,
        score(image, thumbNewer ? thumb : null),
        image != null ? image.getLevel().name() : thumbNewer ? thumb.getLevel().name() : null,
        thumb == null ? null : thumb.getImageId(),
        thumb == null ? 0 : thumb.getWidth(),
        thumb == null ? 0 : thumb.getHeight(),
        outlines(state),
        alerts,
        spark(state, sparkWindow, history));
  }

  /** The latest image's score, else the thumbnail's, else none yet. */
  private static Double score(ImageQuality image, FeedThumbnail thumb) {
    if (image != null) {
      return FeedState.round(image.getScore());
    }
    return thumb == null ? null : FeedState.round(thumb.getScore());
  }

  /** The thumbnail's regions, which match the frame shown; else the latest image's boxes. */
  private static List<FleetViews.Outline> outlines(FeedState state) {
    List<FleetViews.Outline> out = new ArrayList<>();
    if (state.thumbnail != null) {
      for (ThumbnailRegion r : state.thumbnail.getRegions()) {
        out.add(
            new FleetViews.Outline(
                r.getRoiId(),
                r.getLabel(),
                r.getSource().name(),
                r.getX(),
                r.getY(),
                r.getWidth(),
                r.getHeight(),
                FeedState.round(r.getScore()),
                r.getLevel().name(),
                r.getConfidence()));
      }
    } else if (state.image != null) {
      double w = state.image.getWidth();
      double h = state.image.getHeight();
      state
          .image
          .getRegions()
          .forEach(
              r ->
                  out.add(
                      new FleetViews.Outline(
                          r.getRoiId(),
                          r.getLabel(),
                          r.getSource().name(),
                          r.getBox().getX() / w,
                          r.getBox().getY() / h,
                          r.getBox().getWidth() / w,
                          r.getBox().getHeight() / h,
                          FeedState.round(r.getScore()),
                          r.getLevel().name(),
                          r.getConfidence())));
    }
    return out;
  }

  private static FleetViews.Spark spark(FeedState state, String window, Duration history) {
    if (window == null) {
      return null;
    }
    Map<String, Deque<QualityTrend>> whole = state.trends.get("whole");
    Deque<QualityTrend> points = whole == null ? null : whole.get(window);
    if (points == null || points.isEmpty()) {
      return new FleetViews.Spark(window, FeedState.series(new java.util.ArrayDeque<>(), 0));
    }
    long since = points.peekLast().getWindowEnd().toEpochMilli() - history.toMillis();
    return new FleetViews.Spark(window, FeedState.series(points, since));
  }

  static List<FleetViews.Region> regions(FeedState state) {
    List<FleetViews.Region> out = new ArrayList<>();
    if (state.thumbnail == null) {
      return out;
    }
    for (ThumbnailRegion r : state.thumbnail.getRegions()) {
      out.add(
          new FleetViews.Region(
              r.getRoiId(),
              r.getLabel(),
              r.getSource().name(),
              r.getX(),
              r.getY(),
              r.getWidth(),
              r.getHeight(),
              FeedState.round(r.getScore()),
              r.getLevel().name(),
              r.getImportance(),
              r.getDistortions(),
              r.getIndicators(),
              r.getConfidence()));
    }
    return out;
  }
}
