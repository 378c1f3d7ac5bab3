package dev.iqmon.image;

/**
 * A decoded image: {@code width * height} pixels packed as {@code 0xRRGGBB}, row by row from the
 * top left. The array is shared, not copied; treat it as read-only.
 */
public record RgbImage(int width, int height, int[] pixels) {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image must have a positive size, got " + width + "x" + height);
    }
    if (pixels.length != (long) width * height) {
      throw new IllegalArgumentException(
          "expected "
              + (long) width * height
              + " pixels for "
              + width
              + "x"
              + height
              + ", got "
              + pixels.length);
    }
  }

  public int rgb(int x, int y) {
    return pixels[y * width + x];
  }

  public long pixelCount() {
    return (long) width * height;
  }
}
