package dev.iqmon.quality.classical;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;

/**
 * How much a region matters to the image, 0..1, by a simple rule: large regions matter more, and
 * central ones more than those at the edge of the frame. {@code importance = sqrt(area share) *
 * (0.6 + 0.4 * centrality)}, where centrality is 1 at the frame's centre and 0 at a corner, taken
 * at the centre of the region's box. The whole frame has importance 1.
 */
final class Importance {

  private static final double BASE = 0.6;
  private static final double CENTRAL = 0.4;

  private Importance() {}

  static double of(Roi roi, int imageWidth, int imageHeight) {
    double share = Math.min(1, (double) roi.area() / ((long) imageWidth * imageHeight));
    PixelBox box = roi.box();
    double dx = box.x() + box.width() / 2.0 - imageWidth / 2.0;
    double dy = box.y() + box.height() / 2.0 - imageHeight / 2.0;
    double halfDiagonal = Math.hypot(imageWidth / 2.0, imageHeight / 2.0);
    double centrality = Math.max(0, 1 - Math.hypot(dx, dy) / halfDiagonal);
    return Math.min(1, Math.sqrt(share) * (BASE + CENTRAL * centrality));
  }
}
