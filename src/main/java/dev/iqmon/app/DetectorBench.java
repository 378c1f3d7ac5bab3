package dev.iqmon.app;

import dev.iqmon.config.DetectorsConfig;
import dev.iqmon.detect.Detector;
import dev.iqmon.image.RgbImage;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The detectors' rows of {@code iqmon bench}: each detector at batch 1 and 8 on the same images as
 * the models, the rows taking turns call by call. A call is the whole detection of its images: the
 * letterboxed input made from the decoded pixels, the network, decoding, suppression.
 */
final class DetectorBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One detector at one batch size, and what its timed calls took. */
  private record Row(
      String name, Detector detector, int batch, List<Double> wallMillis, long[] cpu) {}

  private DetectorBench() {}

  /** Times both detectors; {@code warmUp} untimed rounds first, then {@code calls} per row. */
  static void run(
      DetectorsConfig config, List<RgbImage> images, int calls, int warmUp, PrintStream out) {
    List<Row> rows = new ArrayList<>();
    try {
      for (String file : List.of(DetectorParts.OBJECTS_FILE, DetectorParts.FACES_FILE)) {
        for (int batch : List.of(1, 8)) {
          Detector d = DetectorParts.single(config, file, batch);
          String name = d.contract().name() + " (" + d.provider() + ")";
          rows.add(new Row(name, d, batch, new ArrayList<>(), new long[2]));
        }
      }
      for (int round = -warmUp; round < calls; round++) {
        for (Row row : rows) {
          call(row, images, round, round >= 0);
        }
      }
      print(rows, out);
    } finally {
      rows.forEach(r -> r.detector().close());
    }
  }

  private static void call(Row row, List<RgbImage> images, int round, boolean timed) {
    List<Detector.Job> jobs = new ArrayList<>();
    for (int i = 0; i < row.batch(); i++) {
      RgbImage image = images.get(Math.floorMod(round * row.batch() + i, images.size()));
      jobs.add(new Detector.Job(image, 0.3));
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    row.detector().detect(jobs);
    long took = System.nanoTime() - start;
    if (timed) {
      row.cpu()[0] += THREADS.getCurrentThreadCpuTime() - cpu;
      row.cpu()[1] += row.batch();
      row.wallMillis().add(took / 1e6);
    }
  }

  private static void print(List<Row> rows, PrintStream out) {
    out.println();
    out.println("| detector | batch | images/s | call p50 ms | call p99 ms | CPU ms/image |");
    out.println("|---|---|---|---|---|---|");
    for (Row row : rows) {
      List<Double> sorted = row.wallMillis().stream().sorted().toList();
      double wall = sorted.stream().mapToDouble(Double::doubleValue).sum();
      out.printf(
          Locale.ROOT,
          "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
          row.name(),
          row.batch(),
          row.cpu()[1] / (wall / 1000),
          sorted.get(sorted.size() / 2),
          sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
          row.cpu()[0] / 1e6 / row.cpu()[1]);
    }
  }
}
