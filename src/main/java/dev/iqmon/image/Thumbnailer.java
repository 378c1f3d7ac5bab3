package dev.iqmon.image;

/**
 * Makes the small JPEG a dashboard shows for a feed: the image shrunk by area averaging to at most
 * {@code width} pixels wide, encoded at the best JPEG quality that fits in {@code maxBytes}; if
 * even the lowest quality does not fit, the image is halved again until it does.
 */
public final class Thumbnailer {

  private static final int[] QUALITIES = {80, 65, 50, 35};
  private static final int MIN_WIDTH = 16;

  private final int width;
  private final int maxBytes;

  public Thumbnailer(int width, int maxBytes) {
    if (width <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("thumbnail width and byte bound must be positive");
    }
    this.width = width;
    this.maxBytes = maxBytes;
  }

  /** A thumbnail and the size it was drawn at. */
  public record Thumbnail(byte[] jpeg, int width, int height) {}

  public Thumbnail of(RgbImage image) {
    RgbImage small = shrink(image, Math.min(width, image.width()));
    while (true) {
      for (int quality : QUALITIES) {
        byte[] jpeg = ImageEncoder.jpeg(small, quality);
        if (jpeg.length <= maxBytes) {
          return new Thumbnail(jpeg, small.width(), small.height());
        }
      }
      if (small.width() / 2 < MIN_WIDTH) {
        throw new IllegalStateException(
            "no thumbnail of " + MIN_WIDTH + " px or more fits in " + maxBytes + " bytes");
      }
      small = shrink(small, small.width() / 2);
    }
  }

  /** Area-average downscale to {@code targetWidth}, keeping the aspect ratio. */
  public static RgbImage shrink(RgbImage image, int targetWidth) {
    int w = Math.max(1, Math.min(targetWidth, image.width()));
    int h = Math.max(1, (int) Math.round(image.height() * (double) w / image.width()));
    if (w == image.width() && h == image.height()) {
      return image;
    }
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      int y0 = (int) ((long) y * image.height() / h);
      int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * image.height() / h));
      for (int x = 0; x < w; x++) {
        int x0 = (int) ((long) x * image.width() / w);
        int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * image.width() / w));
        out[y * w + x] = average(image, x0, x1, y0, y1);
      }
    }
    return new RgbImage(w, h, out);
  }

  private static int average(RgbImage image, int x0, int x1, int y0, int y1) {
    long r = 0;
    long g = 0;
    long b = 0;
    int[] px = image.pixels();
    for (int y = y0; y < y1; y++) {
      int row = y * image.width();
      for (int x = x0; x < x1; x++) {
        int p = px[row + x];
        r += (p >> 16) & 0xff;
        g += (p >> 8) & 0xff;
        b += p & 0xff;
      }
    }
    long n = (long) (x1 - x0) * (y1 - y0);
    return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
  }
}
