package dev.iqmon.alerts;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import java.util.Arrays;

/**
 * Synthetic changes to real photos for the camera-health tests: the camera turned (a shift or a
 * rotation of the view), the light going (an exposure ramp with the sensor noise of a dark scene),
 * something passing through (a patch of another photo pasted in), a cover over the lens, and frames
 * with no picture.
 */
public final class SceneImages {

  private SceneImages() {}

  /** The image at half its width and height, each pixel the mean of a block of four. */
  public static RgbImage half(RgbImage image) {
    int w = image.width() / 2;
    int h = image.height() / 2;
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int i = 0; i < 4; i++) {
          int p = image.rgb(2 * x + (i & 1), 2 * y + (i >> 1));
          r += p >> 16 & 0xff;
          g += p >> 8 & 0xff;
          b += p & 0xff;
        }
        out[y * w + x] = (r / 4) << 16 | (g / 4) << 8 | b / 4;
      }
    }
    return new RgbImage(w, h, out);
  }

  /** The view moved by a share of the frame's width and height, edges extended. */
  public static RgbImage shifted(RgbImage image, double dx, double dy) {
    int w = image.width();
    int h = image.height();
    int[] out = new int[w * h];
    int ox = (int) Math.round(dx * w);
    int oy = (int) Math.round(dy * h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = image.rgb(clamp(x + ox, w), clamp(y + oy, h));
      }
    }
    return new RgbImage(w, h, out);
  }

  /** The view rotated by {@code degrees} about its centre, edges extended. */
  public static RgbImage rotated(RgbImage image, double degrees) {
    int w = image.width();
    int h = image.height();
    double cos = Math.cos(Math.toRadians(degrees));
    double sin = Math.sin(Math.toRadians(degrees));
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double cx = x - w / 2.0;
        double cy = y - h / 2.0;
        int sx = (int) Math.round(cos * cx - sin * cy + w / 2.0);
        int sy = (int) Math.round(sin * cx + cos * cy + h / 2.0);
        out[y * w + x] = image.rgb(clamp(sx, w), clamp(sy, h));
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * The light at {@code stops} (negative: darker, as at dusk), with the sensor noise a camera adds
   * as it turns its gain up, reproducible by {@code seed}.
   */
  public static RgbImage lit(RgbImage image, double stops, long seed) {
    RgbImage exposed = stops == 0 ? image : ImageDistortions.exposure(image, stops);
    return ImageDistortions.gaussianNoise(exposed, 1.5 + Math.max(0, -stops), seed);
  }

  /**
   * Something passing through: the middle of {@code object} pasted over the rectangle at ({@code
   * x}, {@code y}) of size ({@code width}, {@code height}), all shares of the frame.
   */
  public static RgbImage pasted(
      RgbImage image, RgbImage object, double x, double y, double width, double height) {
    int w = image.width();
    int h = image.height();
    int[] out = image.pixels().clone();
    int x0 = (int) (x * w);
    int y0 = (int) (y * h);
    int pw = Math.min(w - x0, (int) (width * w));
    int ph = Math.min(h - y0, (int) (height * h));
    for (int py = 0; py < ph; py++) {
      for (int px = 0; px < pw; px++) {
        int sx = object.width() / 4 + px * object.width() / 2 / pw;
        int sy = object.height() / 4 + py * object.height() / 2 / ph;
        out[(y0 + py) * w + x0 + px] = object.rgb(sx, sy);
      }
    }
    return new RgbImage(w, h, out);
  }

  /** A flat cover of colour {@code rgb} over the left {@code share} of the frame. */
  public static RgbImage covered(RgbImage image, double share, int rgb) {
    int w = image.width();
    int[] out = image.pixels().clone();
    int right = (int) Math.round(share * w);
    for (int y = 0; y < image.height(); y++) {
      Arrays.fill(out, y * w, y * w + right, rgb);
    }
    return new RgbImage(w, image.height(), out);
  }

  /** One colour all over. */
  public static RgbImage uniform(int width, int height, int rgb) {
    int[] pixels = new int[width * height];
    Arrays.fill(pixels, rgb);
    return new RgbImage(width, height, pixels);
  }

  /**
   * The SMPTE pattern's layout: seven vertical bars (grey, yellow, cyan, green, magenta, red, blue)
   * over the top two thirds, a strip of reversed bars, then a dark band with a white patch.
   */
  public static RgbImage colourBars(int width, int height) {
    int[] top = {0xc0c0c0, 0xc0c000, 0x00c0c0, 0x00c000, 0xc000c0, 0xc00000, 0x0000c0};
    int[] strip = {0x0000c0, 0x131313, 0xc000c0, 0x131313, 0x00c0c0, 0x131313, 0xc0c0c0};
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int bar = x * 7 / width;
        int rgb;
        if (y < height * 2 / 3) {
          rgb = top[bar];
        } else if (y < height * 3 / 4) {
          rgb = strip[bar];
        } else {
          rgb = x < width / 4 ? 0x00214c : x < width / 2 ? 0xffffff : 0x131313;
        }
        pixels[y * width + x] = rgb;
      }
    }
    return new RgbImage(width, height, pixels);
  }

  private static int clamp(int v, int size) {
    return Math.max(0, Math.min(size - 1, v));
  }
}
