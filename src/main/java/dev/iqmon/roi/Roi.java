package dev.iqmon.roi;

import java.util.Objects;

/**
 * A region of interest of one image. Without a mask the region is its whole box; with one, the box
 * is the mask's bounds and only the masked pixels belong to it.
 *
 * @param confidence for a {@link RoiOrigin#DETECTED} region, the detector's confidence in it
 *     (0..1); null for the others
 */
public record Roi(
    String id, String label, RoiOrigin source, PixelBox box, RegionMask mask, Double confidence) {

  /** A region no detector found. */
  public Roi(String id, String label, RoiOrigin source, PixelBox box, RegionMask mask) {
    this(id, label, source, box, mask, null);
  }

  public Roi {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(box, "box");
    if (id.isBlank()) {
      throw new IllegalArgumentException("ROI id must not be blank");
    }
    if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("ROI " + id + ": confidence must be in [0, 1]");
    }
    if (mask != null && !mask.bounds().equals(box)) {
      throw new IllegalArgumentException(
          "ROI " + id + ": box " + box + " is not the mask's bounds " + mask.bounds());
    }
  }

  /** The whole frame of an image of the given size. */
  public static Roi whole(int imageWidth, int imageHeight) {
    return new Roi(
        "whole", "whole", RoiOrigin.WHOLE, PixelBox.whole(imageWidth, imageHeight), null);
  }

  public static Roi ofMask(String id, String label, RoiOrigin source, RegionMask mask) {
    return new Roi(id, label, source, mask.bounds(), mask);
  }

  /** The region a request asked for, on the pixels of {@code box} and {@code mask}. */
  static Roi of(RoiRequest request, String id, PixelBox box, RegionMask mask) {
    return new Roi(id, request.label(), request.source(), box, mask, request.confidence());
  }

  public boolean contains(int x, int y) {
    return mask == null ? box.contains(x, y) : mask.contains(x, y);
  }

  public long area() {
    return mask == null ? box.area() : mask.area();
  }
}
