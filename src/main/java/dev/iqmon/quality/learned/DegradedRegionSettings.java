package dev.iqmon.quality.learned;

/**
 * How the dense head's map becomes regions: cells whose likeliest class is a distortion and whose
 * severity is above {@code minSeverity} are grouped into connected regions of one distortion; those
 * covering at least {@code minArea} of the image are kept, largest first, at most {@code
 * maxRegions} an image (0 turns it off). The service makes them from {@code
 * model.degraded-regions}, whose ranges are checked when the config is read: {@code minSeverity} in
 * [0, 1), {@code minArea} in (0, 1], {@code maxRegions} 0 or more.
 */
public record DegradedRegionSettings(double minSeverity, double minArea, int maxRegions) {

  public static final DegradedRegionSettings OFF = new DegradedRegionSettings(0.5, 0.02, 0);
}
