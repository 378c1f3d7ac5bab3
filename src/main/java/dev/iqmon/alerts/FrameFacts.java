package dev.iqmon.alerts;

import java.util.List;

/**
 * What the camera-health rules know of one image: its id, when it was captured and when its event
 * arrived (null when unknown), the signature of its pixels (null when it is too small for one), its
 * size, and where the learned model provides them, its occlusion probability for the whole frame
 * and its occlusion regions.
 */
public record FrameFacts(
    String imageId,
    long captureTime,
    Long arrivedAt,
    FrameSignature signature,
    int width,
    int height,
    Double occlusion,
    List<Area> occluded) {

  public FrameFacts {
    occluded = occluded == null ? List.of() : List.copyOf(occluded);
  }

  /** A rectangle of the frame in coordinates normalised to its size, 0..1. */
  public record Area(double x, double y, double width, double height) {}
}
