package dev.iqmon.roi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Places requested regions on an image: the whole frame first, then each request in order, turned
 * into pixels. A request that is malformed, lies outside the image, repeats an id or exceeds the
 * limit is dropped with its reason; the image is still scored.
 */
public final class RoiPlanner {

  private final int maxRois;

  /**
   * @param maxRois the most regions an image may have, the whole frame included
   */
  public RoiPlanner(int maxRois) {
    if (maxRois < 1) {
      throw new IllegalArgumentException("an image needs room for at least the whole frame");
    }
    this.maxRois = maxRois;
  }

  public RoiPlan plan(int width, int height, List<RoiRequest> requests) {
    List<Roi> rois = new ArrayList<>(List.of(Roi.whole(width, height)));
    List<DroppedRoi> dropped = new ArrayList<>();
    Set<String> ids = new HashSet<>(Set.of(rois.get(0).id()));
    for (RoiRequest request : requests) {
      Optional<String> problem = place(request, width, height, ids, rois);
      problem.ifPresent(
          reason -> dropped.add(new DroppedRoi(request.id(), request.source(), reason)));
    }
    return new RoiPlan(rois, dropped);
  }

  private Optional<String> place(
      RoiRequest request, int width, int height, Set<String> ids, List<Roi> rois) {
    if (!ids.add(request.id())) {
      return Optional.of("duplicate ROI id '" + request.id() + "'");
    }
    Optional<Roi> roi;
    try {
      roi = RoiShapes.toRoi(request, width, height);
    } catch (IllegalArgumentException e) {
      ids.remove(request.id());
      return Optional.of(e.getMessage());
    }
    if (roi.isEmpty()) {
      return Optional.of("covers no pixel of the " + width + "x" + height + " image");
    }
    if (rois.size() >= maxRois) {
      return Optional.of("over the limit of " + maxRois + " ROIs per image");
    }
    rois.add(roi.get());
    return Optional.empty();
  }
}
