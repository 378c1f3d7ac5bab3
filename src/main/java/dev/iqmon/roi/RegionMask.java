package dev.iqmon.roi;

import java.util.BitSet;

/**
 * A binary mask stored over its bounding box: bit {@code (y - bounds.y) * bounds.width + (x -
 * bounds.x)} is set where pixel {@code (x, y)} of the image is inside.
 */
public record RegionMask(PixelBox bounds, BitSet bits) {

  public RegionMask {
    if (bits.length() > bounds.area()) {
      throw new IllegalArgumentException("mask has bits outside its bounds " + bounds);
    }
  }

  public boolean contains(int x, int y) {
    return bounds.contains(x, y) && bits.get((y - bounds.y()) * bounds.width() + (x - bounds.x()));
  }

  public long area() {
    return bits.cardinality();
  }
}
