package dev.iqmon.roi;

/** Where a region of interest came from; output records carry it as the Avro {@code RoiSource}. */
public enum RoiOrigin {
  /** The whole frame; every image has one. */
  WHOLE,
  /** Configured for the feed. */
  STATIC,
  /** Named by the producer in the image event. */
  EVENT,
  /** Refined into a mask by the promptable segmenter, or found by its automatic mode. */
  SEGMENTED,
  /** Found by the quality model where the image is damaged. */
  DEGRADED,
  /** Found by a detector: a person, a vehicle, a face, ... labelled with its class. */
  DETECTED
}
