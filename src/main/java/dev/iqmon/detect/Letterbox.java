package dev.iqmon.detect;

/**
 * Where an image sits in a detector's square input: scaled to fit {@code size x size} with its
 * aspect ratio kept, to {@code width x height} pixels, centred at {@code (left, top)}; the rest of
 * the input is black. Maps boxes found in the input back to the image.
 */
public record Letterbox(
    int imageWidth, int imageHeight, int size, int width, int height, int left, int top) {

  public Letterbox {
    if (width < 1 || height < 1 || width > size || height > size) {
      throw new IllegalArgumentException(
          "the scaled image " + width + "x" + height + " must fit the input of " + size);
    }
  }

  /**
   * The placement of an image of {@code imageWidth x imageHeight} in an input of {@code size}: the
   * scaled sides rounded half to even, the offsets rounded down.
   */
  public static Letterbox fit(int imageWidth, int imageHeight, int size) {
    double scale = Math.min((double) size / imageWidth, (double) size / imageHeight);
    int width = (int) Math.max(1, Math.min(size, Math.rint(imageWidth * scale)));
    int height = (int) Math.max(1, Math.min(size, Math.rint(imageHeight * scale)));
    return new Letterbox(
        imageWidth, imageHeight, size, width, height, (size - width) / 2, (size - height) / 2);
  }

  /** A detection in input pixels, in image pixels, clipped to the image. */
  public Detection toImage(Detection inInput) {
    double sx = (double) width / imageWidth;
    double sy = (double) height / imageHeight;
    double x0 = clip((inInput.x0() - left) / sx, imageWidth);
    double y0 = clip((inInput.y0() - top) / sy, imageHeight);
    double x1 = clip((inInput.x1() - left) / sx, imageWidth);
    double y1 = clip((inInput.y1() - top) / sy, imageHeight);
    return new Detection(inInput.label(), inInput.confidence(), x0, y0, x1, y1);
  }

  private static double clip(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
