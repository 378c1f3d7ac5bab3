package dev.iqmon.alerts;

import dev.iqmon.config.AlertSeverity;
import java.util.List;

/**
 * A change of an alert episode: it fired, or it resolved ({@code resolvedAt} set). Both changes of
 * one episode carry the same episode id.
 */
public record AlertEvent(
    String alertId,
    String episodeId,
    String feedId,
    String label,
    AlertRule rule,
    String qualifier,
    boolean firing,
    AlertSeverity severity,
    long firedAt,
    Long resolvedAt,
    String message,
    Evidence evidence) {

  /**
   * Why the alert changed: the reading that completed the run and the level it was judged against,
   * the values and images of the run, the window and baseline when the rule watches windows, and
   * for the camera-health rules what was seen and the part of the frame concerned.
   */
  public record Evidence(
      double value,
      double threshold,
      Double baseline,
      List<Double> values,
      List<String> imageIds,
      WindowRef window,
      Long imageCount,
      String detail,
      CellMask mask) {

    public Evidence {
      values = List.copyOf(values);
      imageIds = List.copyOf(imageIds);
    }
  }
}
