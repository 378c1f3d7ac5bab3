package dev.iqmon.roi;

/**
 * Where an image lies in a promptable segmenter's input: resized so that its longest side is {@code
 * side} pixels (each resized side rounded to the nearest whole pixel), at the top left of a {@code
 * side x side} square whose bottom and right are padding. Points and boxes map between image pixels
 * and this frame axis by axis, with the factor of the rounded size, as the SAM family's "resize
 * longest side" transform does, so that prompts land where the encoder saw the pixels.
 */
public record ModelFrame(int imageWidth, int imageHeight, int side) {

  public ModelFrame {
    if (imageWidth <= 0 || imageHeight <= 0 || side <= 0) {
      throw new IllegalArgumentException(
          "image and model sizes must be positive, got "
              + imageWidth
              + "x"
              + imageHeight
              + " into "
              + side);
    }
  }

  /** The image's width once resized; the columns from here to {@link #side} are padding. */
  public int resizedWidth() {
    return resized(imageWidth);
  }

  /** The image's height once resized; the rows from here to {@link #side} are padding. */
  public int resizedHeight() {
    return resized(imageHeight);
  }

  /** Model pixels per image pixel along x. */
  public double scaleX() {
    return resizedWidth() / (double) imageWidth;
  }

  /** Model pixels per image pixel along y. */
  public double scaleY() {
    return resizedHeight() / (double) imageHeight;
  }

  /** A point {@code [x, y]} of the image in model coordinates. */
  public double[] toModel(double x, double y) {
    return new double[] {x * scaleX(), y * scaleY()};
  }

  /** A point {@code [x, y]} of the model frame in image coordinates. */
  public double[] toImage(double x, double y) {
    return new double[] {x / scaleX(), y / scaleY()};
  }

  /** A box {@code [x0, y0, x1, y1]} (corners) of the image in model coordinates. */
  public double[] boxToModel(double[] corners) {
    double[] a = toModel(corners[0], corners[1]);
    double[] b = toModel(corners[2], corners[3]);
    return new double[] {a[0], a[1], b[0], b[1]};
  }

  /** A box {@code [x0, y0, x1, y1]} (corners) of the model frame in image coordinates. */
  public double[] boxToImage(double[] corners) {
    double[] a = toImage(corners[0], corners[1]);
    double[] b = toImage(corners[2], corners[3]);
    return new double[] {a[0], a[1], b[0], b[1]};
  }

  private int resized(int length) {
    double scale = side / (double) Math.max(imageWidth, imageHeight);
    return Math.max(1, (int) Math.floor(length * scale + 0.5));
  }
}
