package dev.iqmon.roi;

import dev.iqmon.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Places requested regions on an image: the whole frame first, then each request in order, turned
 * into pixels, and the automatic masks last, so that limits drop them first. Prompts and the
 * automatic mode go to the segmenter, all in one call per image, so it looks at the image once. A
 * request that is malformed, lies outside the image, repeats an id, finds no mask or exceeds a
 * limit is dropped with its reason; the image is still scored.
 */
public final class RoiPlanner {

  private static final String NO_SEGMENTER = "need a segmenter, and none is configured";

  private final RoiLimits limits;
  private final RoiSegmenter segmenter;

  /**
   * @param maxRois the most regions an image may have, the whole frame included
   */
  public RoiPlanner(int maxRois) {
    this(RoiLimits.perImage(maxRois), Optional.empty());
  }

  public RoiPlanner(RoiLimits limits, Optional<? extends RoiSegmenter> segmenter) {
    this.limits = limits;
    this.segmenter = segmenter.orElse(null);
  }

  public RoiPlan plan(RgbImage image, List<RoiRequest> requests) {
    List<Placement> placements = new ArrayList<>(requests.size());
    List<RoiShape.Prompt> prompts = new ArrayList<>();
    boolean automatic = false;
    for (RoiRequest request : requests) {
      Placement placement = resolve(request, image.width(), image.height());
      if (placement.prompt != null) {
        placement.promptIndex = prompts.size();
        prompts.add(placement.prompt);
      }
      automatic |= placement.automatic;
      placements.add(placement);
    }
    double segmentMillis = 0;
    if (segmenter == null) {
      giveUp(placements, null);
    } else if (!prompts.isEmpty() || automatic) {
      long start = System.nanoTime();
      segment(image, prompts, automatic, placements);
      segmentMillis = (System.nanoTime() - start) / 1e6;
    }
    return admit(image, placements, segmentMillis);
  }

  private Placement resolve(RoiRequest request, int width, int height) {
    Placement placement = new Placement(request);
    try {
      if (request.shape() instanceof RoiShape.Prompt prompt) {
        placement.prompt = RoiShapes.inPixels(prompt, width, height);
      } else if (request.shape() instanceof RoiShape.Automatic) {
        placement.automatic = true;
      } else {
        RoiShapes.toRoi(request, width, height).ifPresent(placement.rois::add);
        placement.emptyReason = "covers no pixel of the " + width + "x" + height + " image";
      }
    } catch (IllegalArgumentException e) {
      placement.problem = e.getMessage();
    }
    return placement;
  }

  private void segment(
      RgbImage image, List<RoiShape.Prompt> prompts, boolean automatic, List<Placement> all) {
    RoiSegmenter.Segmentation found;
    try {
      found = segmenter.segment(image, prompts, automatic);
    } catch (SegmentationException e) {
      giveUp(all, "the segmenter failed: " + e.getMessage());
      return;
    }
    for (Placement p : all) {
      RoiRequest r = p.request;
      if (p.prompt != null) {
        found.masks().get(p.promptIndex).ifPresent(m -> p.rois.add(ofMask(r, r.id(), m)));
        p.emptyReason = "the segmenter found no mask for the prompt";
      } else if (p.automatic) {
        for (int i = 0; i < found.automatic().size(); i++) {
          p.rois.add(ofMask(r, r.id() + "-" + (i + 1), found.automatic().get(i)));
        }
      }
    }
  }

  private static void giveUp(List<Placement> all, String reason) {
    for (Placement p : all) {
      if (p.prompt != null || p.automatic) {
        p.problem =
            reason != null
                ? reason
                : (p.automatic ? "automatic masks " : "point and box prompts ") + NO_SEGMENTER;
      }
    }
  }

  private RoiPlan admit(RgbImage image, List<Placement> placements, double segmentMillis) {
    Roi whole = Roi.whole(image.width(), image.height());
    List<Roi> rois = new ArrayList<>(List.of(whole));
    List<DroppedRegion> dropped = new ArrayList<>();
    Set<String> ids = new HashSet<>(Set.of(whole.id()));
    RoiLimits.Tally tally = limits.tally();
    tally.admit(RoiOrigin.WHOLE);
    List<Placement> automaticLast = new ArrayList<>(placements);
    automaticLast.sort(Comparator.comparing(p -> p.automatic));
    for (Placement p : automaticLast) {
      RoiRequest r = p.request;
      if (p.problem != null || (p.rois.isEmpty() && p.emptyReason != null)) {
        String reason = p.problem != null ? p.problem : p.emptyReason;
        dropped.add(new DroppedRegion(r.id(), r.source(), reason));
        continue;
      }
      for (Roi roi : p.rois) {
        Optional<String> refused =
            ids.add(roi.id())
                ? tally.admit(roi.source())
                : Optional.of("duplicate ROI id '" + roi.id() + "'");
        refused.ifPresentOrElse(
            reason -> dropped.add(new DroppedRegion(roi.id(), roi.source(), reason)),
            () -> rois.add(roi));
      }
    }
    return new RoiPlan(rois, dropped, segmentMillis);
  }

  private static Roi ofMask(RoiRequest request, String id, RegionMask mask) {
    return Roi.of(request, id, mask.bounds(), mask);
  }

  /** What one request became: regions, or the reason it has none. */
  private static final class Placement {
    final RoiRequest request;
    final List<Roi> rois = new ArrayList<>();
    RoiShape.Prompt prompt;
    int promptIndex = -1;
    boolean automatic;
    String problem;
    String emptyReason;

    Placement(RoiRequest request) {
      this.request = request;
    }
  }
}
