package dev.iqmon.detect;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.RoiFinder;
import dev.iqmon.roi.RoiOrigin;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.roi.RoiShape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The detected-region source: for a feed that asks for classes, runs the detectors that know them
 * (each once per image), keeps the detections the feed's settings keep, the most confident first up
 * to its limit, and turns them into {@code DETECTED} region requests labelled with their class,
 * with ids {@code <class>-1}, {@code <class>-2}, ... in order of confidence. A box is the region
 * itself, or, for a feed whose settings say so, the prompt from which the segmenter makes its mask.
 * It does not own the detectors.
 */
public final class RegionDetector implements RoiFinder {

  private final List<Detector> detectors;
  private final Map<String, DetectSettings> feeds;

  public RegionDetector(List<Detector> detectors, Map<String, DetectSettings> feeds) {
    this.detectors = List.copyOf(detectors);
    this.feeds = Map.copyOf(feeds);
    feeds.forEach(
        (feed, settings) ->
            settings.classes().stream()
                .filter(c -> detectors.stream().noneMatch(d -> d.contract().labels().contains(c)))
                .findFirst()
                .ifPresent(
                    c -> {
                      throw new IllegalArgumentException(
                          "feed " + feed + ": no detector finds '" + c + "'");
                    }));
  }

  @Override
  public boolean looksAt(String feedId) {
    return feeds.containsKey(feedId);
  }

  @Override
  public List<RoiRequest> find(String feedId, RgbImage image) {
    DetectSettings settings = feeds.get(feedId);
    if (settings == null) {
      return List.of();
    }
    List<Detection> kept = new ArrayList<>();
    for (Detector detector : detectors) {
      OptionalDouble least = settings.leastConfidence(detector.contract().labels());
      if (least.isPresent()) {
        detector.detect(image, least.getAsDouble()).stream()
            .filter(d -> settings.keeps(d, image.width(), image.height()))
            .forEach(kept::add);
      }
    }
    kept.sort(Comparator.comparingDouble(Detection::confidence).reversed());
    return requests(kept.subList(0, Math.min(kept.size(), settings.maxRegions())), settings, image);
  }

  private static List<RoiRequest> requests(
      List<Detection> detections, DetectSettings settings, RgbImage image) {
    Map<String, Integer> counts = new HashMap<>();
    List<RoiRequest> out = new ArrayList<>();
    for (Detection d : detections) {
      Optional<RoiShape.Box> box = box(d, image);
      if (box.isEmpty()) {
        continue;
      }
      int n = counts.merge(d.label(), 1, Integer::sum);
      RoiShape shape = settings.prompts() ? new RoiShape.Prompt(box.get(), List.of()) : box.get();
      out.add(
          new RoiRequest(
              d.label() + "-" + n, d.label(), RoiOrigin.DETECTED, shape, d.confidence()));
    }
    return out;
  }

  /** The box in image pixels, on whole pixels as the region will cover them. */
  private static Optional<RoiShape.Box> box(Detection d, RgbImage image) {
    return d.pixels(image.width(), image.height())
        .map(p -> new RoiShape.Box(p.x(), p.y(), p.width(), p.height(), false));
  }
}
