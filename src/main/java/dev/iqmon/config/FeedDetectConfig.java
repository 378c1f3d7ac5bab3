package dev.iqmon.config;

import java.util.List;
import java.util.Map;

/**
 * What a feed asks the detectors for: the classes that become its {@code DETECTED} regions (the
 * detectors that run are those that find them), the least confidence per class where it differs
 * from the detector's, the most regions one image may get (default 8), the least size of a box
 * (both sides, as a fraction of the image's shorter side; default 0.02), and whether, with a
 * segmenter configured, the boxes are prompts it turns into masks (default true).
 */
public record FeedDetectConfig(
    List<String> classes,
    Map<String, Double> minConfidence,
    Integer maxRegions,
    Double minSize,
    Boolean segment) {

  public static final int DEFAULT_MAX_REGIONS = 8;
  public static final double DEFAULT_MIN_SIZE = 0.02;

  public FeedDetectConfig {
    classes = classes == null ? List.of() : List.copyOf(classes);
    minConfidence = minConfidence == null ? Map.of() : Map.copyOf(minConfidence);
    maxRegions = maxRegions == null ? DEFAULT_MAX_REGIONS : maxRegions;
    minSize = minSize == null ? DEFAULT_MIN_SIZE : minSize;
    segment = segment == null || segment;
    if (classes.isEmpty()) {
      throw new ConfigException("detect.classes must name at least one class, e.g. [person, face]");
    }
    for (Map.Entry<String, Double> min : minConfidence.entrySet()) {
      String c = min.getKey();
      if (!classes.contains(c)) {
        throw new ConfigException(
            "detect.min-confidence." + c + ": '" + c + "' is not one of detect.classes");
      }
      Validate.between(
          min.getValue() == null ? -1 : min.getValue(), 0, 1, "detect.min-confidence." + c);
    }
    Validate.positive(maxRegions, "detect.max-regions");
    if (!(minSize >= 0 && minSize < 1)) {
      throw new ConfigException("detect.min-size must be in [0, 1), got " + minSize);
    }
  }
}
