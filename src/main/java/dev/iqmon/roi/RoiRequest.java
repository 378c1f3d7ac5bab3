package dev.iqmon.roi;

import java.util.Objects;

/** A region asked for by the feed's config or by the image event, not yet placed on the image. */
public record RoiRequest(String id, String label, RoiOrigin source, RoiShape shape) {

  public RoiRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(shape, "shape");
    label = label == null || label.isBlank() ? id : label;
  }
}
