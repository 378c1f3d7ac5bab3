package dev.iqmon.detect;

import dev.iqmon.roi.PixelBox;
import java.util.Objects;
import java.util.Optional;

/**
 * One object a detector found: its class, the detector's confidence (0..1) and its box {@code [x0,
 * x1) x [y0, y1)} in pixels, of the image or of the model's input depending on the stage.
 */
public record Detection(
    String label, double confidence, double x0, double y0, double x1, double y1) {

  public Detection {
    Objects.requireNonNull(label, "label");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
    if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))
        || x1 < x0
        || y1 < y0) {
      throw new IllegalArgumentException(
          "box must be finite with x0 <= x1 and y0 <= y1, got "
              + x0
              + ","
              + y0
              + ","
              + x1
              + ","
              + y1);
    }
  }

  public double width() {
    return x1 - x0;
  }

  public double height() {
    return y1 - y0;
  }

  /** Intersection over union of the two boxes. */
  public double iou(Detection other) {
    double w = Math.min(x1, other.x1) - Math.max(x0, other.x0);
    double h = Math.min(y1, other.y1) - Math.max(y0, other.y0);
    double inter = w > 0 && h > 0 ? w * h : 0;
    double union = width() * height() + other.width() * other.height() - inter;
    return union > 0 ? inter / union : 0;
  }

  /** The same object with its box mapped by {@code x' = x * scale + dx}, likewise for y. */
  public Detection transformed(double scale, double dx, double dy) {
    return new Detection(
        label, confidence, x0 * scale + dx, y0 * scale + dy, x1 * scale + dx, y1 * scale + dy);
  }

  /**
   * The whole pixels the box covers inside an image of the given size (a pixel belongs when its
   * centre is inside); empty when that is none.
   */
  public Optional<PixelBox> pixels(int imageWidth, int imageHeight) {
    int left = (int) Math.max(0, Math.round(x0));
    int top = (int) Math.max(0, Math.round(y0));
    int right = (int) Math.min(imageWidth, Math.round(x1));
    int bottom = (int) Math.min(imageHeight, Math.round(y1));
    if (right <= left || bottom <= top) {
      return Optional.empty();
    }
    return Optional.of(new PixelBox(left, top, right - left, bottom - top));
  }
}
