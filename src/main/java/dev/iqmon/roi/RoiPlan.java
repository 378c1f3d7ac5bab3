package dev.iqmon.roi;

import java.util.List;

/** The regions of one image to score, the whole frame first, and those left out. */
public record RoiPlan(List<Roi> rois, List<DroppedRoi> dropped) {

  public RoiPlan {
    rois = List.copyOf(rois);
    dropped = List.copyOf(dropped);
  }
}
