package dev.iqmon.image;

import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;

/**
 * Four-channel JPEGs (CMYK and YCCK, as print workflows write them). The JDK reads them through an
 * ICC profile and ignores Adobe's inverted-ink convention, so iqmon reads the raw channels and
 * converts them itself with the naive formula {@code R = (1 - C)(1 - K)}: colours are approximate,
 * structure and tone are exact, which is what quality scoring needs.
 */
final class JpegColour {

  private static final int ADOBE_YCCK = 2;

  private JpegColour() {}

  /**
   * Decodes a four-channel JPEG into RGB.
   *
   * @param adobeTransform the Adobe marker's colour transform, -1 if the file has no such marker
   */
  static RgbImage readCmyk(ImageReader reader, int adobeTransform) throws IOException {
    Raster raster = reader.readRaster(0, null);
    boolean inverted = adobeTransform >= 0;
    boolean ycck = adobeTransform == ADOBE_YCCK;
    int width = raster.getWidth();
    int[] row = new int[width * 4];
    int[] pixels = new int[width * raster.getHeight()];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
      for (int x = 0, i = 0; x < width; x++, i += 4) {
        if (ycck) {
          yccToCmy(row, i);
        }
        pixels[y * width + x] = cmykToRgb(row, i, inverted);
      }
    }
    return new RgbImage(width, raster.getHeight(), pixels);
  }

  /**
   * YCCK stores the C, M, Y inks as if they were R, G, B in YCbCr (the JFIF formulas); this
   * recovers them in place in Adobe's inverted convention, as libjpeg does.
   */
  private static void yccToCmy(int[] p, int i) {
    double luma = p[i];
    double cb = p[i + 1] - 128.0;
    double cr = p[i + 2] - 128.0;
    p[i] = 255 - clamp(luma + 1.402 * cr);
    p[i + 1] = 255 - clamp(luma - 0.344136 * cb - 0.714136 * cr);
    p[i + 2] = 255 - clamp(luma + 1.772 * cb);
  }

  /** Adobe files store ink inverted (255 = no ink); others store ink (255 = full ink). */
  private static int cmykToRgb(int[] p, int i, boolean inverted) {
    int k = paper(p[i + 3], inverted);
    return BufferedImages.pack(
        (paper(p[i], inverted) * k + 127) / 255,
        (paper(p[i + 1], inverted) * k + 127) / 255,
        (paper(p[i + 2], inverted) * k + 127) / 255);
  }

  /** How much paper shows through one channel's ink, 0..255. */
  private static int paper(int stored, boolean inverted) {
    return inverted ? stored : 255 - stored;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
