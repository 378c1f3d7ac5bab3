package dev.iqmon.stream;

import dev.iqmon.config.FeedConfig;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.StaticRoiConfig;
import dev.iqmon.roi.RoiOrigin;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.roi.RoiShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Each feed's configured regions, as requests ready to be placed on its images: its static regions
 * (boxes marked {@code segment} as prompts), then the automatic masks when they are on for it.
 */
public final class StaticRois {

  /** The id of the automatic-mask request; its masks become {@code auto-1}, {@code auto-2}, ... */
  public static final String AUTOMATIC_ID = "auto";

  private static final RoiRequest AUTOMATIC =
      new RoiRequest(AUTOMATIC_ID, AUTOMATIC_ID, RoiOrigin.SEGMENTED, new RoiShape.Automatic());

  private StaticRois() {}

  public static Function<String, List<RoiRequest>> of(IqmonConfig config) {
    Map<String, List<RoiRequest>> byFeed =
        config.feeds().entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Map.Entry::getKey,
                    e -> requests(e.getValue(), config.automaticMasks(e.getKey()))));
    List<RoiRequest> otherFeeds =
        requests(new FeedConfig(null, null), config.segmenter().automatic().enabled());
    return feed -> byFeed.getOrDefault(feed, otherFeeds);
  }

  private static List<RoiRequest> requests(FeedConfig feed, boolean automatic) {
    List<RoiRequest> requests = new ArrayList<>();
    feed.rois().forEach(roi -> requests.add(request(roi)));
    if (automatic) {
      requests.add(AUTOMATIC);
    }
    return List.copyOf(requests);
  }

  private static RoiRequest request(StaticRoiConfig roi) {
    if (roi.box() != null) {
      List<Double> b = roi.box();
      RoiShape.Box box = new RoiShape.Box(b.get(0), b.get(1), b.get(2), b.get(3), true);
      return roi.segment()
          ? new RoiRequest(
              roi.id(), roi.label(), RoiOrigin.SEGMENTED, new RoiShape.Prompt(box, List.of()))
          : new RoiRequest(roi.id(), roi.label(), RoiOrigin.STATIC, box);
    }
    RoiShape shape =
        new RoiShape.Polygon(
            roi.polygon().stream().map(p -> new double[] {p.get(0), p.get(1)}).toList(), true);
    return new RoiRequest(roi.id(), roi.label(), RoiOrigin.STATIC, shape);
  }
}
