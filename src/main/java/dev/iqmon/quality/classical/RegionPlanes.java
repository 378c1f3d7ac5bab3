package dev.iqmon.quality.classical;

/**
 * One region's luma at working scale, row by row, and which samples belong to the region (its mask,
 * shrunk alike).
 *
 * @param width samples per row
 * @param height rows
 * @param luma BT.601 luma, 0..255
 * @param inside whether each sample is in the region; null when all are (no mask)
 * @param scale image pixels per working sample along each axis, at least 1
 */
record RegionPlanes(int width, int height, float[] luma, boolean[] inside, double scale) {

  boolean isInside(int index) {
    return inside == null || inside[index];
  }

  /** How many samples belong to the region. */
  int insideCount() {
    if (inside == null) {
      return width * height;
    }
    int count = 0;
    for (boolean in : inside) {
      count += in ? 1 : 0;
    }
    return count;
  }
}
