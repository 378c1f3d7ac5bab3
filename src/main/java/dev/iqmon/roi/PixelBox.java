package dev.iqmon.roi;

/**
 * An axis-aligned rectangle of whole pixels: columns {@code [x, x + width)}, rows {@code [y, y +
 * height)}.
 */
public record PixelBox(int x, int y, int width, int height) {

  public PixelBox {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "box must have a positive size, got " + width + "x" + height);
    }
  }

  public static PixelBox whole(int imageWidth, int imageHeight) {
    return new PixelBox(0, 0, imageWidth, imageHeight);
  }

  public long area() {
    return (long) width * height;
  }

  public int right() {
    return x + width;
  }

  public int bottom() {
    return y + height;
  }

  public boolean contains(int px, int py) {
    return px >= x && px < right() && py >= y && py < bottom();
  }

  /** Whether the box lies inside an image of the given size. */
  public boolean fitsIn(int imageWidth, int imageHeight) {
    return x >= 0 && y >= 0 && right() <= imageWidth && bottom() <= imageHeight;
  }

  /** Intersection over union of the two boxes' pixels. */
  public double iou(PixelBox other) {
    long w = Math.min(right(), other.right()) - (long) Math.max(x, other.x);
    long h = Math.min(bottom(), other.bottom()) - (long) Math.max(y, other.y);
    long inter = w > 0 && h > 0 ? w * h : 0;
    return inter / (double) (area() + other.area() - inter);
  }
}
