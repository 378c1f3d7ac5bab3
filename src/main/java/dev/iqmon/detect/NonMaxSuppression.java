package dev.iqmon.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression per label: the most confident detection stays, and every other of
 * its label that overlaps it at {@code iou} or more goes; repeated down the list.
 */
public final class NonMaxSuppression {

  private NonMaxSuppression() {}

  /** The detections kept, most confident first. */
  public static List<Detection> perLabel(List<Detection> detections, double iou) {
    List<Detection> sorted = new ArrayList<>(detections);
    sorted.sort(Comparator.comparingDouble(Detection::confidence).reversed());
    List<Detection> kept = new ArrayList<>();
    for (Detection candidate : sorted) {
      if (kept.stream()
          .noneMatch(k -> k.label().equals(candidate.label()) && k.iou(candidate) >= iou)) {
        kept.add(candidate);
      }
    }
    return kept;
  }
}
