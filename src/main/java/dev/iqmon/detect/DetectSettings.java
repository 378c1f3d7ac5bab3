package dev.iqmon.detect;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a feed asks the detectors for: the classes that become regions, the least confidence for
 * each, the most regions an image may get (the most confident first), the least size of a box (both
 * sides, as a fraction of the image's shorter side), and whether boxes go to the promptable
 * segmenter as prompts to become masks.
 */
public record DetectSettings(
    List<String> classes,
    Map<String, Double> minConfidence,
    int maxRegions,
    double minSize,
    boolean prompts) {

  public DetectSettings {
    classes = List.copyOf(classes);
    minConfidence = Map.copyOf(minConfidence);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("detection needs at least one class");
    }
    for (String c : classes) {
      Double min = minConfidence.get(c);
      if (min == null || !(min >= 0 && min <= 1)) {
        throw new IllegalArgumentException("class " + c + " needs a least confidence in [0, 1]");
      }
    }
    if (maxRegions < 1) {
      throw new IllegalArgumentException("max regions must be at least 1, got " + maxRegions);
    }
    if (!(minSize >= 0 && minSize < 1)) {
      throw new IllegalArgumentException("min size must be in [0, 1), got " + minSize);
    }
  }

  /** Whether a detection is one the feed keeps: its class, confident enough, large enough. */
  public boolean keeps(Detection d, int imageWidth, int imageHeight) {
    Double min = minConfidence.get(d.label());
    double side = minSize * Math.min(imageWidth, imageHeight);
    return min != null && d.confidence() >= min && d.width() >= side && d.height() >= side;
  }

  /** The least confidence asked for any of {@code labels}; empty when none of them is asked for. */
  public OptionalDouble leastConfidence(List<String> labels) {
    return labels.stream()
        .map(minConfidence::get)
        .filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue)
        .min();
  }
}
