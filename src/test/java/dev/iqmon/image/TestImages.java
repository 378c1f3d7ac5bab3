package dev.iqmon.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Images for tests: the bundled sample photos and small synthetic scenes. */
public final class TestImages {

  /** The sample photos shipped in {@code src/main/resources/samples}. */
  public static final List<String> SAMPLES =
      List.of("astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg");

  private TestImages() {}

  public static byte[] sampleBytes(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file from {@code src/test/resources/images}, made by a real tool (see its README). */
  public static byte[] fileBytes(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test image " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RgbImage sample(String name) {
    return new ImageDecoder().decode(sampleBytes(name)).image();
  }

  /** A uniform image of one colour. */
  public static RgbImage uniform(int width, int height, int rgb) {
    int[] pixels = new int[width * height];
    Arrays.fill(pixels, rgb);
    return new RgbImage(width, height, pixels);
  }

  /**
   * A scene of random discs on a background, rendered at any size from the same geometry with
   * anti-aliased edges (coverage from the distance to the rim), so the same picture can be had at
   * several resolutions, equally crisp at each.
   */
  public static RgbImage discs(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] rgb = new float[3][size * size];
    for (float[] channel : rgb) {
      Arrays.fill(channel, 110);
    }
    for (int i = 0; i < 60; i++) {
      double cx = random.nextDouble() * size;
      double cy = random.nextDouble() * size;
      double radius = (0.02 + 0.1 * random.nextDouble()) * size;
      int colour = random.nextInt(0xffffff + 1);
      paintDisc(rgb, size, cx, cy, radius, colour);
    }
    return Planes.join(rgb, size, size);
  }

  private static void paintDisc(
      float[][] rgb, int size, double cx, double cy, double radius, int colour) {
    int x0 = Math.max(0, (int) (cx - radius - 1));
    int x1 = Math.min(size - 1, (int) (cx + radius + 1));
    int y0 = Math.max(0, (int) (cy - radius - 1));
    int y1 = Math.min(size - 1, (int) (cy + radius + 1));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double rim = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - radius;
        float cover = (float) Math.max(0, Math.min(1, 0.5 - rim));
        int i = y * size + x;
        for (int c = 0; c < 3; c++) {
          int value = colour >> (16 - 8 * c) & 0xff;
          rgb[c][i] += cover * (value - rgb[c][i]);
        }
      }
    }
  }
}
