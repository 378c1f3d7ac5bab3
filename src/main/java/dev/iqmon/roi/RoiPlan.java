package dev.iqmon.roi;

import java.util.List;

/**
 * The regions of one image to score, the whole frame first, those left out, and how long the
 * segmenter took (0 when it was not needed).
 */
public record RoiPlan(List<Roi> rois, List<DroppedRegion> dropped, double segmentMillis) {

  public RoiPlan {
    rois = List.copyOf(rois);
    dropped = List.copyOf(dropped);
  }

  public RoiPlan(List<Roi> rois, List<DroppedRegion> dropped) {
    this(rois, dropped, 0);
  }
}
