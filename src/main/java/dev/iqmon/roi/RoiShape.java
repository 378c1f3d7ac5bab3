package dev.iqmon.roi;

import java.util.List;
import java.util.Objects;

/** The shape of a requested region, before it is placed on an image. */
public sealed interface RoiShape {

  /**
   * A box {@code x, y, width, height}, in pixels or, when {@code normalised}, in 0..1 of the image.
   */
  record Box(double x, double y, double width, double height, boolean normalised)
      implements RoiShape {
    public Box {
      if (!(width > 0 && height > 0) || !Double.isFinite(x) || !Double.isFinite(y)) {
        throw new IllegalArgumentException(
            "box needs a finite corner and a positive size, got " + this);
      }
    }
  }

  /**
   * A polygon of {@code [x, y]} points, in pixels or, when {@code normalised}, in 0..1 of the
   * image.
   */
  record Polygon(List<double[]> points, boolean normalised) implements RoiShape {
    public Polygon {
      points = List.copyOf(points);
      for (double[] p : points) {
        if (p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
          throw new IllegalArgumentException("polygon points are finite [x, y] pairs");
        }
      }
    }
  }

  /** A mask as a PNG of the image's size; non-zero pixels are inside. */
  record PngMask(byte[] png) implements RoiShape {
    public PngMask {
      Objects.requireNonNull(png, "png");
    }
  }

  /** A mask in COCO's compressed RLE over an image of {@code width x height}. */
  record Rle(int width, int height, String counts) implements RoiShape {
    public Rle {
      Objects.requireNonNull(counts, "counts");
    }
  }

  /** Point prompts (and an optional box) for the promptable segmenter to turn into a mask. */
  record Prompt(Box box, List<PromptPoint> points) implements RoiShape {
    public Prompt {
      points = List.copyOf(points);
      if (box == null && points.isEmpty()) {
        throw new IllegalArgumentException("a prompt needs a box or points");
      }
    }
  }

  /**
   * Masks the segmenter finds over the whole image on its own (a grid of point prompts, filtered),
   * each becoming a region {@code <id>-1}, {@code <id>-2}, ..., best first.
   */
  record Automatic() implements RoiShape {}

  /** A point prompt in pixels; {@code foreground} marks the object, otherwise the background. */
  record PromptPoint(double x, double y, boolean foreground) {}
}
