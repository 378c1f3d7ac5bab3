package dev.iqmon.roi;

/**
 * A region that was asked for but will not be scored, and why; listed in the Avro {@code
 * ImageQuality} as a {@code DroppedRoi}.
 */
public record DroppedRegion(String id, RoiOrigin source, String reason) {}
