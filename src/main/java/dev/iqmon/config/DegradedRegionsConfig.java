package dev.iqmon.config;

import dev.iqmon.quality.learned.DegradedRegionSettings;

/**
 * The learned model's search for damaged regions: dense-map cells of one distortion with a severity
 * above {@code minSeverity}, joined into regions covering at least {@code minArea} of the image, at
 * most {@code max} per image, largest first; {@code max: 0} turns it off.
 */
public record DegradedRegionsConfig(int max, double minSeverity, double minArea) {

  public DegradedRegionsConfig {
    if (max < 0) {
      throw new ConfigException("model.degraded-regions.max must be 0 or more, got " + max);
    }
    if (!(minSeverity >= 0 && minSeverity < 1)) {
      throw new ConfigException(
          "model.degraded-regions.min-severity must be in [0, 1), got " + minSeverity);
    }
    if (!(minArea > 0 && minArea <= 1)) {
      throw new ConfigException(
          "model.degraded-regions.min-area must be in (0, 1], got " + minArea);
    }
  }

  /** The settings as the learned model applies them. */
  public DegradedRegionSettings settings() {
    return new DegradedRegionSettings(minSeverity, minArea, max);
  }
}
