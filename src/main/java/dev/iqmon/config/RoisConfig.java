package dev.iqmon.config;

import dev.iqmon.roi.RoiLimits;
import dev.iqmon.roi.RoiOrigin;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many regions one image may produce, in all (the whole frame included) and per source ({@code
 * static}, {@code event}, {@code segmented}, {@code degraded}, {@code detected}); those past a
 * limit are listed as dropped.
 */
public record RoisConfig(int maxPerImage, Map<String, Integer> maxPerSource) {

  public RoisConfig {
    Validate.positive(maxPerImage, "rois.max-per-image");
    maxPerSource = maxPerSource == null ? Map.of() : Map.copyOf(maxPerSource);
    maxPerSource.forEach(
        (source, max) -> {
          source(source);
          if (max == null || max < 0) {
            throw new ConfigException(
                "rois.max-per-source." + source + " must be 0 or more, got " + max);
          }
        });
  }

  /** The limits as the planner applies them. */
  public RoiLimits limits() {
    Map<RoiOrigin, Integer> bySource = new EnumMap<>(RoiOrigin.class);
    maxPerSource.forEach((source, max) -> bySource.put(source(source), max));
    return new RoiLimits(maxPerImage, bySource);
  }

  private static RoiOrigin source(String key) {
    try {
      return RoiOrigin.valueOf(key.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "rois.max-per-source: '"
              + key
              + "' is not a source; use static, event, segmented, degraded or detected");
    }
  }
}
