package dev.iqmon.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Conversions between AWT images and {@link RgbImage}. Alpha is composited over black, so a fully
 * transparent pixel is black whatever colour it hides. Grey images keep their stored values as sRGB
 * grey levels (AWT would treat them as linear light and brighten them).
 */
final class BufferedImages {

  private BufferedImages() {}

  /** An {@code RgbImage} with the pixels of any decoded AWT image. */
  static RgbImage toRgb(BufferedImage image) {
    ColorModel model = image.getColorModel();
    int[] pixels = standardLayout(image);
    if (pixels != null) {
      return new RgbImage(image.getWidth(), image.getHeight(), pixels);
    }
    if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && !(model instanceof IndexColorModel)) {
      pixels = grey(image.getRaster(), model);
    } else if (isEightBitSrgb(model)) {
      pixels = eightBitSrgb(image.getRaster(), model);
    } else {
      pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
      if (model.hasAlpha()) {
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = overBlack(pixels[i] >> 16, pixels[i] >> 8, pixels[i], pixels[i] >>> 24);
        }
      }
    }
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] &= 0xffffff;
    }
    return new RgbImage(image.getWidth(), image.getHeight(), pixels);
  }

  /**
   * The pixels read straight from the buffer for the two layouts decoders hand out most (JPEG's
   * 3-byte BGR, WebP's packed int RGB); null for any other layout.
   */
  private static int[] standardLayout(BufferedImage image) {
    Raster raster = image.getRaster();
    int count = image.getWidth() * image.getHeight();
    if (raster.getParent() != null || raster.getMinX() != 0 || raster.getMinY() != 0) {
      return null;
    }
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        && raster.getDataBuffer() instanceof DataBufferInt ints
        && ints.getNumBanks() == 1
        && ints.getSize() == count) {
      int[] pixels = ints.getData().clone();
      for (int i = 0; i < count; i++) {
        pixels[i] &= 0xffffff;
      }
      return pixels;
    }
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && raster.getDataBuffer() instanceof DataBufferByte bytes
        && bytes.getNumBanks() == 1
        && bytes.getSize() == 3 * count) {
      byte[] bgr = bytes.getData();
      int[] pixels = new int[count];
      for (int i = 0, j = 0; i < count; i++, j += 3) {
        pixels[i] = (bgr[j + 2] & 0xff) << 16 | (bgr[j + 1] & 0xff) << 8 | (bgr[j] & 0xff);
      }
      return pixels;
    }
    return null;
  }

  /** An opaque AWT image sharing nothing with the given pixels. */
  static BufferedImage toBuffered(RgbImage image) {
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    int[] target = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    System.arraycopy(image.pixels(), 0, target, 0, target.length);
    return out;
  }

  static int pack(int r, int g, int b) {
    return (r & 0xff) << 16 | (g & 0xff) << 8 | (b & 0xff);
  }

  private static int overBlack(int r, int g, int b, int alpha) {
    int a = alpha & 0xff;
    return pack(
        ((r & 0xff) * a + 127) / 255, ((g & 0xff) * a + 127) / 255, ((b & 0xff) * a + 127) / 255);
  }

  private static boolean isEightBitSrgb(ColorModel model) {
    if (!model.getColorSpace().isCS_sRGB() || model instanceof IndexColorModel) {
      return false;
    }
    for (int size : model.getComponentSize()) {
      if (size != 8) {
        return false;
      }
    }
    return model.getNumComponents() == 3 || model.getNumComponents() == 4;
  }

  private static int[] eightBitSrgb(Raster raster, ColorModel model) {
    int width = raster.getWidth();
    int bands = model.getNumComponents();
    boolean straightAlpha = model.hasAlpha() && !model.isAlphaPremultiplied();
    int[] row = new int[width * bands];
    int[] pixels = new int[width * raster.getHeight()];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
      for (int x = 0, i = 0; x < width; x++, i += bands) {
        pixels[y * width + x] =
            straightAlpha
                ? overBlack(row[i], row[i + 1], row[i + 2], row[i + 3])
                : pack(row[i], row[i + 1], row[i + 2]);
      }
    }
    return pixels;
  }

  private static int[] grey(Raster raster, ColorModel model) {
    int width = raster.getWidth();
    int max = (1 << model.getComponentSize(0)) - 1;
    boolean alpha = model.hasAlpha() && !model.isAlphaPremultiplied();
    int maxAlpha = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
    int[] levels = new int[width];
    int[] alphas = new int[width];
    int[] pixels = new int[width * raster.getHeight()];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, levels);
      if (alpha) {
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 1, alphas);
      }
      for (int x = 0; x < width; x++) {
        long level = levels[x] * 255L;
        long scaled = alpha ? level * alphas[x] / maxAlpha : level;
        int v = (int) ((scaled + max / 2) / max);
        pixels[y * width + x] = pack(v, v, v);
      }
    }
    return pixels;
  }
}
