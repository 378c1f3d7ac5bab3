package dev.iqmon.roi;

import dev.iqmon.image.RgbImage;
import java.util.List;

/**
 * Finds regions in an image by looking at it (a detector), for one feed: requests to place beside
 * the feed's configured regions and the event's. Safe to call from several threads.
 */
public interface RoiFinder {

  /** A finder that looks for nothing. */
  RoiFinder NONE =
      new RoiFinder() {
        @Override
        public boolean looksAt(String feedId) {
          return false;
        }

        @Override
        public List<RoiRequest> find(String feedId, RgbImage image) {
          return List.of();
        }
      };

  /** Whether it looks at the feed's images at all. */
  boolean looksAt(String feedId);

  /** The regions it finds in one of the feed's images, in image pixels. */
  List<RoiRequest> find(String feedId, RgbImage image);
}
