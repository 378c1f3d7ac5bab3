package dev.iqmon.roi;

import dev.iqmon.image.RgbImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The CPU cost of preparing an image's regions on a 1920x1080 frame, per image, for 1, 8 and 32
 * event polygons (octagons of about 480x360 px at random places): placing them (polygon fill into
 * masks) and encoding each mask as COCO RLE, as the region-score records need. Thread CPU time,
 * steadier than wall time on a shared machine. A command, not a test:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.iqmon.roi.RoiPreparationBenchmark [-Dexec.args=300]
 * </pre>
 */
public final class RoiPreparationBenchmark {

  private static final int WIDTH = 1920;
  private static final int HEIGHT = 1080;
  private static final int WARM_UP = 50;

  private RoiPreparationBenchmark() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    RgbImage frame = new RgbImage(WIDTH, HEIGHT, new int[WIDTH * HEIGHT]);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    System.out.printf(
        "%-6s %14s %14s %14s %12s%n",
        "rois", "place ms/img", "rle ms/img", "total ms/img", "mask px");
    for (int n : new int[] {1, 8, 32}) {
      List<RoiRequest> requests = polygons(n, new Random(n));
      RoiPlanner planner = new RoiPlanner(n + 1);
      long place = 0;
      long rle = 0;
      long pixels = 0;
      long sink = 0;
      for (int i = 0; i < WARM_UP + runs; i++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        RoiPlan plan = planner.plan(frame, requests);
        long t1 = cpu.getCurrentThreadCpuTime();
        int chars = 0;
        for (Roi roi : plan.rois()) {
          if (roi.mask() != null) {
            chars += CocoRle.encode(roi.mask(), WIDTH, HEIGHT).length();
          }
        }
        long t2 = cpu.getCurrentThreadCpuTime();
        if (i >= WARM_UP) {
          place += t1 - t0;
          rle += t2 - t1;
          pixels = plan.rois().stream().skip(1).mapToLong(Roi::area).sum();
          sink += chars;
        }
      }
      System.out.printf(
          "%-6d %14.3f %14.3f %14.3f %12d%s%n",
          n,
          place / 1e6 / runs,
          rle / 1e6 / runs,
          (place + rle) / 1e6 / runs,
          pixels,
          sink < 0 ? "!" : "");
    }
  }

  private static List<RoiRequest> polygons(int n, Random random) {
    List<RoiRequest> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double cx = 240 + random.nextDouble() * (WIDTH - 480);
      double cy = 180 + random.nextDouble() * (HEIGHT - 360);
      List<double[]> octagon = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        double a = Math.PI * 2 * k / 8 + Math.PI / 8;
        octagon.add(new double[] {cx + 240 * Math.cos(a), cy + 180 * Math.sin(a)});
      }
      requests.add(
          new RoiRequest("p" + i, "p", RoiOrigin.EVENT, new RoiShape.Polygon(octagon, false)));
    }
    return requests;
  }
}
