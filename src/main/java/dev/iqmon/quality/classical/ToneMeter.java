package dev.iqmon.quality.classical;

/**
 * Tone from the region's luma histogram at working scale: the shares of clipped highlights (luma at
 * or above {@link #HIGHLIGHT}) and clipped shadows (at or below {@link #SHADOW}), contrast as the
 * spread between the 1st and 99th luma percentiles over 255, and brightness as mean luma over 255.
 */
final class ToneMeter {

  static final int HIGHLIGHT = 250;
  static final int SHADOW = 5;
  private static final double LOW = 0.01;
  private static final double HIGH = 0.99;

  /** Tone measurements, each 0..1. */
  record Tone(
      double clippedHighlights, double clippedShadows, double contrast, double brightness) {}

  private ToneMeter() {}

  static Tone measure(RegionPlanes planes) {
    int[] histogram = new int[256];
    long count = 0;
    double sum = 0;
    float[] luma = planes.luma();
    for (int i = 0; i < luma.length; i++) {
      if (planes.isInside(i)) {
        int level = Math.max(0, Math.min(255, Math.round(luma[i])));
        histogram[level]++;
        sum += luma[i];
        count++;
      }
    }
    if (count == 0) {
      return new Tone(0, 0, 0, 0);
    }
    long highlights = 0;
    long shadows = 0;
    for (int level = 0; level < 256; level++) {
      highlights += level >= HIGHLIGHT ? histogram[level] : 0;
      shadows += level <= SHADOW ? histogram[level] : 0;
    }
    double spread = percentile(histogram, count, HIGH) - percentile(histogram, count, LOW);
    return new Tone(
        (double) highlights / count, (double) shadows / count, spread / 255, sum / count / 255);
  }

  private static int percentile(int[] histogram, long count, double q) {
    long wanted = (long) Math.ceil(q * count);
    long seen = 0;
    for (int level = 0; level < histogram.length; level++) {
      seen += histogram[level];
      if (seen >= wanted) {
        return level;
      }
    }
    return histogram.length - 1;
  }
}
