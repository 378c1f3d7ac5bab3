package dev.iqmon.quality.classical;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;

/**
 * Colourfulness after Hasler and Süsstrunk (2003): {@code sqrt(sd_rg^2 + sd_yb^2) + 0.3 *
 * sqrt(mean_rg^2 + mean_yb^2)} with {@code rg = R - G} and {@code yb = (R + G) / 2 - B}, in their
 * units: 0 is grey, about 15 slightly, 33 moderately, 59 quite and 82 highly colourful. A statistic
 * of the whole region, so it is taken on a sparse grid of its pixels (at most about {@value
 * #MAX_SAMPLES}).
 */
final class ColorfulnessMeter {

  static final int MAX_SAMPLES = 1 << 16;

  private ColorfulnessMeter() {}

  static double measure(RgbImage image, Roi roi) {
    PixelBox box = roi.box();
    int stride = Math.max(1, (int) Math.sqrt((double) box.area() / MAX_SAMPLES));
    double[] sums = new double[5];
    for (int y = box.y(); y < box.bottom(); y += stride) {
      for (int x = box.x(); x < box.right(); x += stride) {
        if (roi.contains(x, y)) {
          int p = image.rgb(x, y);
          int r = p >> 16 & 0xff;
          int g = p >> 8 & 0xff;
          double rg = r - g;
          double yb = 0.5 * (r + g) - (p & 0xff);
          sums[0] += rg;
          sums[1] += rg * rg;
          sums[2] += yb;
          sums[3] += yb * yb;
          sums[4]++;
        }
      }
    }
    if (sums[4] == 0) {
      return 0;
    }
    double n = sums[4];
    double meanRg = sums[0] / n;
    double meanYb = sums[2] / n;
    double variance = Math.max(0, sums[1] / n - meanRg * meanRg + sums[3] / n - meanYb * meanYb);
    return Math.sqrt(variance) + 0.3 * Math.hypot(meanRg, meanYb);
  }
}
