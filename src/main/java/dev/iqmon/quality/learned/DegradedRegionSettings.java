package dev.iqmon.quality.learned;

/**
 * How the dense head's map becomes regions: cells whose likeliest class is a distortion and whose
 * severity is above {@code minSeverity} are grouped into connected regions of one distortion; those
 * covering at least {@code minArea} of the image are kept, largest first, at most {@code
 * maxRegions} an image (0 turns it off).
 */
public record DegradedRegionSettings(double minSeverity, double minArea, int maxRegions) {

  public static final DegradedRegionSettings OFF = new DegradedRegionSettings(0.5, 0.02, 0);

  public DegradedRegionSettings {
    if (!(minSeverity >= 0 && minSeverity < 1)) {
      throw new IllegalArgumentException("min severity must be in [0, 1), got " + minSeverity);
    }
    if (!(minArea > 0 && minArea <= 1)) {
      throw new IllegalArgumentException("min area must be in (0, 1], got " + minArea);
    }
    if (maxRegions < 0) {
      throw new IllegalArgumentException("max regions must be >= 0, got " + maxRegions);
    }
  }
}
