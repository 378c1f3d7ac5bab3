package dev.iqmon.roi;

import java.util.Objects;

/**
 * A region asked for by the feed's config, by the image event or by a detector, not yet placed on
 * the image.
 *
 * @param confidence for a detected region, the detector's confidence (0..1); null for the others
 */
public record RoiRequest(
    String id, String label, RoiOrigin source, RoiShape shape, Double confidence) {

  public RoiRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(shape, "shape");
    label = label == null || label.isBlank() ? id : label;
  }

  /** A request no detector made. */
  public RoiRequest(String id, String label, RoiOrigin source, RoiShape shape) {
    this(id, label, source, shape, null);
  }
}
