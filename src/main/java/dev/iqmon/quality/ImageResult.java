package dev.iqmon.quality;

import java.util.List;

/**
 * The scored regions of one image: those asked for, in order, then any the model found itself
 * (regions where the image is damaged).
 */
public record ImageResult(List<ScoredRegion> regions) {

  public ImageResult {
    regions = List.copyOf(regions);
  }
}
