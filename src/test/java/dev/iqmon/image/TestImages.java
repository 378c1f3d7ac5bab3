package dev.iqmon.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

  public static RgbImage sample(String name) {
    return new ImageDecoder().decode(sampleBytes(name)).image();
  }

  /** A uniform image of one colour. */
  public static RgbImage uniform(int width, int height, int rgb) {
    int[] pixels = new int[width * height];
    java.util.Arrays.fill(pixels, rgb);
    return new RgbImage(width, height, pixels);
  }

  /**
   * A scene of random discs on a background, rendered at any size from the same geometry with 4x4
   * supersampling, so the same picture can be had at several resolutions with crisp edges.
   */
  public static RgbImage discs(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int count = 60;
    double[][] discs = new double[count][];
    for (int i = 0; i < count; i++) {
      discs[i] =
          new double[] {
            random.nextDouble(),
            random.nextDouble(),
            0.02 + 0.1 * random.nextDouble(),
            random.nextInt(0xffffff + 1)
          };
    }
    int[] pixels = new int[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        pixels[y * size + x] = supersample(discs, x, y, size);
      }
    }
    return new RgbImage(size, size, pixels);
  }

  private static int supersample(double[][] discs, int x, int y, int size) {
    int r = 0;
    int g = 0;
    int b = 0;
    for (int sy = 0; sy < 4; sy++) {
      for (int sx = 0; sx < 4; sx++) {
        int c = colourAt(discs, (x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
        r += c >> 16 & 0xff;
        g += c >> 8 & 0xff;
        b += c & 0xff;
      }
    }
    return (r / 16) << 16 | (g / 16) << 8 | b / 16;
  }

  private static int colourAt(double[][] discs, double u, double v) {
    int colour = 0x7a6e60;
    for (double[] d : discs) {
      if (Math.hypot(u - d[0], v - d[1]) < d[2]) {
        colour = (int) d[3];
      }
    }
    return colour;
  }
}
