package dev.iqmon.quality;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.Roi;
import java.util.List;
import java.util.Objects;

/** One image and the regions of it to score. */
public record ImageJob(RgbImage image, List<Roi> rois) {

  public ImageJob {
    Objects.requireNonNull(image, "image");
    rois = List.copyOf(rois);
  }
}
