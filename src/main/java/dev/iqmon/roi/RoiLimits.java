package dev.iqmon.roi;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many regions one image may have, in all and per source. Regions are admitted in the order
 * they are offered; a refused one gets the reason to record among the image's dropped regions.
 */
public record RoiLimits(int maxPerImage, Map<RoiOrigin, Integer> maxPerSource) {

  public RoiLimits {
    if (maxPerImage < 1) {
      throw new IllegalArgumentException("an image needs room for at least the whole frame");
    }
    maxPerSource = maxPerSource.isEmpty() ? Map.of() : new EnumMap<>(maxPerSource);
    maxPerSource.forEach(
        (source, max) -> {
          if (max < 0) {
            throw new IllegalArgumentException("limit for " + source + " must not be negative");
          }
        });
  }

  public static RoiLimits perImage(int maxPerImage) {
    return new RoiLimits(maxPerImage, Map.of());
  }

  /** A fresh count for one image. */
  public Tally tally() {
    return new Tally();
  }

  /** The regions admitted so far for one image. Not thread-safe; one per image. */
  public final class Tally {
    private int total;
    private final Map<RoiOrigin, Integer> bySource = new EnumMap<>(RoiOrigin.class);

    private Tally() {}

    /** Counts a region of {@code source} in, or says why it does not fit. */
    public Optional<String> admit(RoiOrigin source) {
      if (total >= maxPerImage) {
        return Optional.of("over the limit of " + maxPerImage + " ROIs per image");
      }
      int count = bySource.getOrDefault(source, 0);
      Integer max = maxPerSource.get(source);
      if (max != null && count >= max) {
        return Optional.of("over the limit of " + max + " " + source + " ROIs per image");
      }
      total++;
      bySource.put(source, count + 1);
      return Optional.empty();
    }
  }
}
