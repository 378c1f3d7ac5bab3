package dev.iqmon.config;

import java.util.List;

/**
 * A region configured for a feed, in coordinates normalised to the image (0..1): a box {@code [x,
 * y, width, height]} or a polygon {@code [[x, y], ...]}. With {@code segment}, the box is a prompt
 * that the segmenter refines into a mask.
 */
public record StaticRoiConfig(
    String id, String label, List<Double> box, List<List<Double>> polygon, Boolean segment) {

  public StaticRoiConfig {
    Validate.notBlank(id, "static ROI id");
    label = label == null ? id : label;
    segment = Boolean.TRUE.equals(segment);
    polygon = polygon == null ? List.of() : polygon.stream().map(List::copyOf).toList();
    if ((box == null) == polygon.isEmpty()) {
      throw new ConfigException("static ROI '" + id + "': give exactly one of box and polygon");
    }
    if (box != null) {
      box = List.copyOf(box);
      checkBox(id, box);
    }
    for (List<Double> point : polygon) {
      if (point.size() != 2 || !inUnitRange(point.get(0)) || !inUnitRange(point.get(1))) {
        throw new ConfigException(
            "static ROI '" + id + "': polygon points are [x, y] in 0..1, got " + point);
      }
    }
    if (segment && box == null) {
      throw new ConfigException("static ROI '" + id + "': segment needs a box to prompt with");
    }
    if (!polygon.isEmpty() && polygon.size() < 3) {
      throw new ConfigException("static ROI '" + id + "': a polygon needs at least 3 points");
    }
  }

  private static void checkBox(String id, List<Double> box) {
    if (box.size() != 4
        || !inUnitRange(box.get(0))
        || !inUnitRange(box.get(1))
        || !(box.get(2) > 0)
        || !(box.get(3) > 0)
        || box.get(0) + box.get(2) > 1 + 1e-9
        || box.get(1) + box.get(3) > 1 + 1e-9) {
      throw new ConfigException(
          "static ROI '"
              + id
              + "': box is [x, y, width, height] in 0..1 inside the image, got "
              + box);
    }
  }

  private static boolean inUnitRange(Double v) {
    return v != null && v >= 0 && v <= 1;
  }
}
