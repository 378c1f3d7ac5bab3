package dev.iqmon.quality.classical;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;

/**
 * Cuts a region out of an image at the working scale, so that indicators mean the same on a 500 px
 * photo and on a 4K frame. The scale is set by the whole image (shrunk to about {@code
 * targetPixels}), so a region is judged as it looks in the frame a person sees; a small region is
 * shrunk less, keeping at least {@code minSide} samples on its short side, and nothing is enlarged.
 */
final class RegionSampler {

  private final int targetPixels;
  private final int minSide;

  RegionSampler(int targetPixels, int minSide) {
    this.targetPixels = targetPixels;
    this.minSide = minSide;
  }

  /** Image pixels per working sample for this region of this image. */
  double scale(RgbImage image, PixelBox box) {
    double frame = Math.sqrt((double) image.pixelCount() / targetPixels);
    double keepSmall = (double) Math.min(box.width(), box.height()) / minSide;
    return Math.max(1, Math.min(frame, keepSmall));
  }

  RegionPlanes sample(RgbImage image, Roi roi) {
    PixelBox box = roi.box();
    if (!box.fitsIn(image.width(), image.height())) {
      throw new IllegalArgumentException(
          String.format(
              "ROI %s %s is outside the %dx%d image",
              roi.id(), box, image.width(), image.height()));
    }
    double scale = scale(image, box);
    AreaResampler across =
        new AreaResampler(box.width(), Math.max(1, (int) Math.round(box.width() / scale)));
    AreaResampler down =
        new AreaResampler(box.height(), Math.max(1, (int) Math.round(box.height() / scale)));
    float[] luma = down.columns(lumaRows(image, box, across), across.outLength());
    boolean[] inside = roi.mask() == null ? null : shrinkMask(roi, across, down);
    return new RegionPlanes(across.outLength(), down.outLength(), luma, inside, scale);
  }

  /** The luma of the box with each row already shrunk, read from packed pixels. */
  private static float[] lumaRows(RgbImage image, PixelBox box, AreaResampler across) {
    float[] row = new float[box.width()];
    float[] shrunk = new float[across.outLength() * box.height()];
    int[] pixels = image.pixels();
    for (int y = 0; y < box.height(); y++) {
      int start = (box.y() + y) * image.width() + box.x();
      for (int x = 0; x < row.length; x++) {
        int p = pixels[start + x];
        row[x] = (299 * (p >> 16 & 0xff) + 587 * (p >> 8 & 0xff) + 114 * (p & 0xff)) * 0.001f;
      }
      across.row(row, shrunk, y * across.outLength());
    }
    return shrunk;
  }

  /** A working sample is inside when at least half of the image area it covers is. */
  private static boolean[] shrinkMask(Roi roi, AreaResampler across, AreaResampler down) {
    PixelBox box = roi.box();
    float[] mask = new float[box.width() * box.height()];
    for (int y = 0; y < box.height(); y++) {
      for (int x = 0; x < box.width(); x++) {
        mask[y * box.width() + x] = roi.contains(box.x() + x, box.y() + y) ? 1 : 0;
      }
    }
    float[] shrunk = down.columns(across.rows(mask, box.width(), box.height()), across.outLength());
    boolean[] inside = new boolean[shrunk.length];
    for (int i = 0; i < shrunk.length; i++) {
      inside[i] = shrunk[i] >= 0.5f;
    }
    return inside;
  }
}
