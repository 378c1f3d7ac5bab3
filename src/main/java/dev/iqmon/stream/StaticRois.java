package dev.iqmon.stream;

import dev.iqmon.config.FeedConfig;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.StaticRoiConfig;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.roi.RoiShape;
import dev.iqmon.roi.RoiSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Each feed's configured regions, as requests ready to be placed on its images. */
public final class StaticRois {

  private StaticRois() {}

  public static Function<String, List<RoiRequest>> of(IqmonConfig config) {
    Map<String, List<RoiRequest>> byFeed =
        config.feeds().entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> requests(e.getValue())));
    return feed -> byFeed.getOrDefault(feed, List.of());
  }

  private static List<RoiRequest> requests(FeedConfig feed) {
    return feed.rois().stream().map(StaticRois::request).toList();
  }

  private static RoiRequest request(StaticRoiConfig roi) {
    RoiShape shape =
        roi.box() != null
            ? new RoiShape.Box(
                roi.box().get(0), roi.box().get(1), roi.box().get(2), roi.box().get(3), true)
            : new RoiShape.Polygon(
                roi.polygon().stream().map(p -> new double[] {p.get(0), p.get(1)}).toList(), true);
    return new RoiRequest(roi.id(), roi.label(), RoiSource.STATIC, shape);
  }
}
