package dev.iqmon.alerts;

import java.util.List;

/**
 * A change of an alert episode. {@code resolvedAt} is set only when the episode resolves; the
 * evidence is the scores and images that led to the change.
 */
public record AlertEvent(
    String alertId,
    String episodeId,
    String feedId,
    String label,
    String rule,
    boolean firing,
    String severity,
    long firedAt,
    Long resolvedAt,
    String message,
    double value,
    double threshold,
    List<Double> scores,
    List<String> imageIds) {

  public AlertEvent {
    scores = List.copyOf(scores);
    imageIds = List.copyOf(imageIds);
  }
}
