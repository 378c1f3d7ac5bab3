package dev.iqmon.stream;

import dev.iqmon.image.DecodedImage;
import dev.iqmon.roi.DroppedRegion;
import dev.iqmon.roi.RoiPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An image decoded and with its regions placed, waiting for the model. */
record PreparedImage(
    SourceRecord source,
    ImageRequest request,
    DecodedImage decoded,
    RoiPlan plan,
    Map<String, Double> stageMillis) {

  PreparedImage {
    stageMillis = new LinkedHashMap<>(stageMillis);
  }

  /** Regions malformed in the event, then those the planner set aside. */
  List<DroppedRegion> dropped() {
    List<DroppedRegion> all = new ArrayList<>(request.malformedRois());
    all.addAll(plan.dropped());
    return all;
  }
}
