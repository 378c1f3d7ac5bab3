package dev.iqmon.roi;

import dev.iqmon.image.RgbImage;

/** Damage confined to a region, for tests that know where an image is damaged. */
public final class RegionDamage {

  private RegionDamage() {}

  /** {@code original} with the pixels of {@code distorted} inside the region only. */
  public static RgbImage within(Roi roi, RgbImage original, RgbImage distorted) {
    if (original.width() != distorted.width() || original.height() != distorted.height()) {
      throw new IllegalArgumentException("images differ in size");
    }
    int[] out = original.pixels().clone();
    for (int y = roi.box().y(); y < roi.box().bottom(); y++) {
      for (int x = roi.box().x(); x < roi.box().right(); x++) {
        if (roi.contains(x, y)) {
          out[y * original.width() + x] = distorted.rgb(x, y);
        }
      }
    }
    return new RgbImage(original.width(), original.height(), out);
  }
}
