package dev.iqmon.roi;

import dev.iqmon.image.RgbImage;
import java.util.List;
import java.util.Optional;

/**
 * A promptable segmenter as the planner sees it: it turns prompts into masks and, when asked, finds
 * masks over the whole image on its own, looking at the image once for all of them. Safe to call
 * from several threads.
 */
public interface RoiSegmenter {

  /**
   * @param prompts prompts in image pixels (boxes not normalised)
   * @param automatic whether to also find masks over the whole image
   * @return one mask per prompt, in order (empty where the segmenter found nothing), and the
   *     automatic masks, best first
   */
  Segmentation segment(RgbImage image, List<RoiShape.Prompt> prompts, boolean automatic);

  /** What one image's segmentation found. */
  record Segmentation(List<Optional<RegionMask>> masks, List<RegionMask> automatic) {
    public Segmentation {
      masks = List.copyOf(masks);
      automatic = List.copyOf(automatic);
    }
  }
}
