package dev.iqmon.quality.classical;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * How long the classical model takes per region of a 1920x1080 frame, in thread CPU time (steadier
 * than wall time on a shared machine). A command, not a test:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.iqmon.quality.classical.ClassicalModelBenchmark [-Dexec.args=200]
 * </pre>
 */
public final class ClassicalModelBenchmark {

  private static final int WIDTH = 1920;
  private static final int HEIGHT = 1080;
  private static final int WARM_UP = 30;

  private ClassicalModelBenchmark() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    RgbImage frame = fullHd(TestImages.sample("coffee.png"));
    ClassicalModel model = new ClassicalModel();
    List<Roi> regions =
        List.of(
            Roi.whole(WIDTH, HEIGHT),
            new Roi("box-640x480", "box", RoiOrigin.STATIC, new PixelBox(600, 300, 640, 480), null),
            Roi.ofMask(
                "ellipse-800x600", "ellipse", RoiOrigin.SEGMENTED, ellipse(400, 200, 800, 600)));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf(
        "%d runs per region, CPU ms per region of a %dx%d frame%n", runs, WIDTH, HEIGHT);
    for (Roi roi : regions) {
      double[] millis = new double[runs];
      for (int i = -WARM_UP; i < runs; i++) {
        long start = threads.getCurrentThreadCpuTime();
        model.quality(frame, roi);
        if (i >= 0) {
          millis[i] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
        }
      }
      Arrays.sort(millis);
      System.out.printf(
          "%-16s min %6.2f  p50 %6.2f  p99 %6.2f%n",
          roi.id(), millis[0], millis[runs / 2], millis[runs * 99 / 100]);
    }
  }

  /** The photo stretched to 1920x1080 and softened to hide the stretching. */
  private static RgbImage fullHd(RgbImage photo) {
    int[] pixels = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        pixels[y * WIDTH + x] = photo.rgb(x * photo.width() / WIDTH, y * photo.height() / HEIGHT);
      }
    }
    return ImageDistortions.gaussianBlur(new RgbImage(WIDTH, HEIGHT, pixels), 1);
  }

  private static RegionMask ellipse(int x, int y, int width, int height) {
    BitSet bits = new BitSet();
    for (int row = 0; row < height; row++) {
      for (int col = 0; col < width; col++) {
        double dx = (col - width / 2.0) / (width / 2.0);
        double dy = (row - height / 2.0) / (height / 2.0);
        if (dx * dx + dy * dy <= 1) {
          bits.set(row * width + col);
        }
      }
    }
    return new RegionMask(new PixelBox(x, y, width, height), bits);
  }
}
