package dev.iqmon.roi;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Turns each kind of {@link RoiShape} into pixels of an image of a given size. */
final class RoiShapes {

  private RoiShapes() {}

  /**
   * The region, or empty when the shape covers no pixel; malformed shapes throw with the reason.
   */
  static Optional<Roi> toRoi(RoiRequest request, int width, int height) {
    RoiShape shape = request.shape();
    if (shape instanceof RoiShape.Box box) {
      return box(box, width, height).map(b -> Roi.of(request, request.id(), b, null));
    }
    Optional<RegionMask> mask;
    if (shape instanceof RoiShape.Polygon polygon) {
      mask = PolygonRasterizer.fill(pixels(polygon, width, height), width, height);
    } else if (shape instanceof RoiShape.PngMask png) {
      mask = pngMask(png.png(), width, height);
    } else if (shape instanceof RoiShape.Rle rle) {
      mask = rleMask(rle, width, height);
    } else {
      throw new IllegalArgumentException("a " + shape + " is placed by the segmenter");
    }
    return mask.map(m -> Roi.of(request, request.id(), m.bounds(), m));
  }

  /**
   * The pixels a box covers, clipped to the image; a pixel counts when the box covers its centre.
   */
  static Optional<PixelBox> box(RoiShape.Box box, int width, int height) {
    double sx = box.normalised() ? width : 1;
    double sy = box.normalised() ? height : 1;
    int x0 = Math.max(0, (int) Math.round(box.x() * sx));
    int y0 = Math.max(0, (int) Math.round(box.y() * sy));
    int x1 = Math.min(width, (int) Math.round((box.x() + box.width()) * sx));
    int y1 = Math.min(height, (int) Math.round((box.y() + box.height()) * sy));
    if (x1 <= x0 || y1 <= y0) {
      return Optional.empty();
    }
    return Optional.of(new PixelBox(x0, y0, x1 - x0, y1 - y0));
  }

  /**
   * The prompt in image pixels: a normalised box scaled to the image; throws when the box misses
   * the image or a point lies outside it.
   */
  static RoiShape.Prompt inPixels(RoiShape.Prompt prompt, int width, int height) {
    RoiShape.Box box = prompt.box();
    if (box != null) {
      if (box(box, width, height).isEmpty()) {
        throw new IllegalArgumentException(
            "prompt box lies outside the " + width + "x" + height + " image");
      }
      if (box.normalised()) {
        box =
            new RoiShape.Box(
                box.x() * width,
                box.y() * height,
                box.width() * width,
                box.height() * height,
                false);
      }
    }
    for (RoiShape.PromptPoint p : prompt.points()) {
      if (!(p.x() >= 0 && p.x() <= width && p.y() >= 0 && p.y() <= height)) {
        throw new IllegalArgumentException(
            "prompt point ("
                + p.x()
                + ", "
                + p.y()
                + ") lies outside the "
                + width
                + "x"
                + height
                + " image");
      }
    }
    return new RoiShape.Prompt(box, prompt.points());
  }

  private static List<double[]> pixels(RoiShape.Polygon polygon, int width, int height) {
    if (polygon.points().size() < 3) {
      throw new IllegalArgumentException(
          "a polygon needs at least 3 points, got " + polygon.points().size());
    }
    if (!polygon.normalised()) {
      return polygon.points();
    }
    return polygon.points().stream().map(p -> new double[] {p[0] * width, p[1] * height}).toList();
  }

  private static Optional<RegionMask> rleMask(RoiShape.Rle rle, int width, int height) {
    if (rle.width() != width || rle.height() != height) {
      throw new IllegalArgumentException(
          "RLE mask is "
              + rle.width()
              + "x"
              + rle.height()
              + " but the image is "
              + width
              + "x"
              + height);
    }
    return CocoRle.decode(rle.counts(), width, height);
  }

  private static Optional<RegionMask> pngMask(byte[] png, int width, int height) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new IllegalArgumentException("mask PNG cannot be read: " + e.getMessage());
    }
    if (image == null) {
      throw new IllegalArgumentException("mask is not a PNG");
    }
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new IllegalArgumentException(
          "mask PNG is "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + " but the image is "
              + width
              + "x"
              + height);
    }
    return fromPredicate(width, height, (x, y) -> (image.getRaster().getSample(x, y, 0)) != 0);
  }

  interface PixelTest {
    boolean inside(int x, int y);
  }

  static Optional<RegionMask> fromPredicate(int width, int height, PixelTest test) {
    int minX = width, minY = height, maxX = -1, maxY = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (test.inside(x, y)) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    if (maxX < 0) {
      return Optional.empty();
    }
    PixelBox bounds = new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
    BitSet bits = new BitSet();
    for (int y = minY; y <= maxY; y++) {
      for (int x = minX; x <= maxX; x++) {
        if (test.inside(x, y)) {
          bits.set((y - minY) * bounds.width() + (x - minX));
        }
      }
    }
    return Optional.of(new RegionMask(bounds, bits));
  }
}
