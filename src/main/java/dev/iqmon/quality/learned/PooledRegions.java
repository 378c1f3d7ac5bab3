package dev.iqmon.quality.learned;

import dev.iqmon.roi.Roi;
import java.util.List;

/**
 * One image's regions and the ROI head's inputs for them, pooled from the image's cells: per region
 * its {@code local} vector and {@code area}, and the image's {@code global} vector, which every
 * region of the image shares. The arrays are not copied.
 */
record PooledRegions(List<Roi> rois, float[] local, float[] global, float[] area) {

  PooledRegions {
    rois = List.copyOf(rois);
    if (local.length != rois.size() * global.length || area.length != rois.size()) {
      throw new IllegalArgumentException(
          "pooled inputs of the wrong size for " + rois.size() + " regions");
    }
  }

  /**
   * Pools the regions of image {@code image} of the encoded batch: the image's mean cell once, and
   * for each region the weighted mean of the cells under it (the image's mean again when the region
   * covers every cell wholly).
   */
  static PooledRegions pool(EncodedImages encoded, int image, CellGrid grid, List<Roi> rois) {
    if (encoded.columns() != grid.columns() || encoded.rows() != grid.rows()) {
      throw new IllegalStateException(
          "the encoder gave "
              + encoded.columns()
              + "x"
              + encoded.rows()
              + " cells where "
              + grid.columns()
              + "x"
              + grid.rows()
              + " were expected");
    }
    int channels = encoded.channels();
    CellPooling cells =
        new CellPooling(encoded.cells(), encoded.cellsOffset(image), channels, grid);
    float[] global = new float[channels];
    cells.mean(global, 0);
    float[] local = new float[rois.size() * channels];
    float[] area = new float[rois.size()];
    for (int k = 0; k < rois.size(); k++) {
      CellWeights weights = grid.weights(rois.get(k));
      area[k] = (float) weights.area();
      if (weights.coversEveryCell(grid)) {
        System.arraycopy(global, 0, local, k * channels, channels);
      } else {
        cells.weightedMean(weights, local, k * channels);
      }
    }
    return new PooledRegions(rois, local, global, area);
  }
}
