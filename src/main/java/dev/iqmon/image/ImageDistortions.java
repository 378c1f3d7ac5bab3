package dev.iqmon.image;

import java.util.SplittableRandom;

/**
 * Synthetic damage, for demo feeds and tests: each method returns a new image and leaves its input
 * alone. Strengths are in the units a person would set on a camera or an encoder.
 */
public final class ImageDistortions {

  private static final double GAMMA = 2.2;

  private ImageDistortions() {}

  /** Gaussian blur of standard deviation {@code sigma} pixels; edges are extended. */
  public static RgbImage gaussianBlur(RgbImage image, double sigma) {
    if (!(sigma >= 0)) {
      throw new IllegalArgumentException("sigma must be >= 0, got " + sigma);
    }
    if (sigma == 0) {
      return copy(image);
    }
    float[][] channels = Planes.split(image);
    for (float[] channel : channels) {
      Planes.gaussianBlur(channel, image.width(), image.height(), sigma);
    }
    return Planes.join(channels, image.width(), image.height());
  }

  /** Independent Gaussian noise of {@code sigma} grey levels on every channel, reproducible. */
  public static RgbImage gaussianNoise(RgbImage image, double sigma, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] in = image.pixels();
    int[] out = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      int r = Planes.clampByte((in[i] >> 16 & 0xff) + sigma * gaussian(random));
      int g = Planes.clampByte((in[i] >> 8 & 0xff) + sigma * gaussian(random));
      int b = Planes.clampByte((in[i] & 0xff) + sigma * gaussian(random));
      out[i] = BufferedImages.pack(r, g, b);
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  /** The image after a round trip through JPEG at {@code quality} 1..100. */
  public static RgbImage jpeg(RgbImage image, int quality) {
    return new ImageDecoder().decode(ImageEncoder.jpeg(image, quality)).image();
  }

  /** The image after a round trip through lossy WebP at {@code quality} 1..100. */
  public static RgbImage webp(RgbImage image, int quality) {
    return new ImageDecoder().decode(ImageEncoder.webp(image, quality)).image();
  }

  /**
   * Exposure change by {@code stops} (+1 doubles the light), in linear light, clipping at white.
   */
  public static RgbImage exposure(RgbImage image, double stops) {
    double gain = Math.pow(2, stops);
    int[] table = new int[256];
    for (int v = 0; v < 256; v++) {
      double linear = Math.pow(v / 255.0, GAMMA) * gain;
      table[v] = Planes.clampByte(255 * Math.pow(Math.min(1, linear), 1 / GAMMA));
    }
    return mapChannels(image, table);
  }

  /**
   * Contrast scaled by {@code factor} around the image's mean grey level: below 1 flattens, above 1
   * steepens (and clips).
   */
  public static RgbImage contrast(RgbImage image, double factor) {
    double mean = 0;
    for (int p : image.pixels()) {
      mean += Planes.luma(p);
    }
    mean /= image.pixelCount();
    int[] table = new int[256];
    for (int v = 0; v < 256; v++) {
      table[v] = Planes.clampByte(mean + (v - mean) * factor);
    }
    return mapChannels(image, table);
  }

  /** Colour pulled toward grey: {@code amount} 0 leaves it, 1 leaves only the luma. */
  public static RgbImage desaturate(RgbImage image, double amount) {
    int[] in = image.pixels();
    int[] out = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      double luma = Planes.luma(in[i]);
      int r = Planes.clampByte((in[i] >> 16 & 0xff) * (1 - amount) + luma * amount);
      int g = Planes.clampByte((in[i] >> 8 & 0xff) * (1 - amount) + luma * amount);
      int b = Planes.clampByte((in[i] & 0xff) * (1 - amount) + luma * amount);
      out[i] = BufferedImages.pack(r, g, b);
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  private static RgbImage mapChannels(RgbImage image, int[] table) {
    int[] in = image.pixels();
    int[] out = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] =
          BufferedImages.pack(
              table[in[i] >> 16 & 0xff], table[in[i] >> 8 & 0xff], table[in[i] & 0xff]);
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  private static RgbImage copy(RgbImage image) {
    return new RgbImage(image.width(), image.height(), image.pixels().clone());
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
