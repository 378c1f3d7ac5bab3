package dev.iqmon.app;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What {@code iqmon perf} prints: Markdown tables of medians, ready for the README. */
final class PerfTables {

  /** One row: a model, size, regions and threads, and its timed passes on each side. */
  record Row(
      String model,
      String size,
      int rois,
      int threads,
      List<PerfMeasurement> bare,
      List<PerfMeasurement> service) {

    Row(String model, String size, int rois, int threads) {
      this(model, size, rois, threads, new ArrayList<>(), new ArrayList<>());
    }

    PerfMeasurement medianBare() {
      return PerfMeasurement.median(bare);
    }

    PerfMeasurement medianService() {
      return PerfMeasurement.median(service);
    }

    /** The median over the repeats of service images/s over bare-loop images/s, pass by pass. */
    double ratio() {
      double[] ratios = new double[service.size()];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = service.get(i).imagesPerSecond() / bare.get(i).imagesPerSecond();
      }
      return PerfMeasurement.median(ratios);
    }

    double megapixels() {
      String[] wh = size.split("x");
      return Integer.parseInt(wh[0]) * (double) Integer.parseInt(wh[1]) / 1e6;
    }
  }

  private PerfTables() {}

  /** The static regions of the benchmark's feed: the whole frame and {@code rois - 1} boxes. */
  static String feedRegions(String feed, int rois) {
    StringBuilder yaml = new StringBuilder("feeds:\n  " + feed + ":\n    rois:\n");
    if (rois <= 1) {
      return "feeds: {}\n";
    }
    for (int i = 1; i < rois; i++) {
      double x = (i % 4) / 4.0 + 1 / 32.0;
      double y = (i / 4 % 2) / 2.0 + 1 / 16.0;
      yaml.append(
          String.format(
              Locale.ROOT,
              "      - {id: box-%d, label: box, box: [%.5f, %.5f, %.5f, %.5f]}%n",
              i,
              x,
              y,
              3 / 16.0,
              3 / 8.0));
    }
    return yaml.toString();
  }

  static void header(PrintStream out, int images, int repeat, int cores) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    out.printf(
        Locale.ROOT,
        "iqmon perf, %s, %d cores, load average %.2f at the start; %d JPEG images (quality 90)"
            + " per pass, %d passes per row, bare loop and service in turn; figures are medians"
            + " over the passes. Images/s and CPU per image leave out the first eighth of each"
            + " pass's results (start-up); latency is over all images. CPU is the whole process's"
            + " (the service's includes the embedded broker's).%n%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        cores,
        load,
        images,
        repeat);
  }

  static void progress(PrintStream err, Row row) {
    err.printf(
        Locale.ROOT,
        "%s %s %d ROIs %d threads: bare %.1f images/s, service %.1f images/s (%.2f)%n",
        row.model(),
        row.size(),
        row.rois(),
        row.threads(),
        row.medianBare().imagesPerSecond(),
        row.medianService().imagesPerSecond(),
        row.ratio());
  }

  static void print(PrintStream out, List<Row> rows, List<Integer> threads) {
    out.println(
        "| model | size | ROIs | threads | bare images/s | service images/s | service / bare"
            + " | bare p50 / p99 ms | service p50 / p99 ms | bare CPU s/image"
            + " | service CPU s/image |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Row row : rows) {
      PerfMeasurement b = row.medianBare();
      PerfMeasurement s = row.medianService();
      out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %d | %.1f | %.1f | %.2f | %.0f / %.0f | %.0f / %.0f | %.3f | %.3f |%n",
          row.model(),
          row.size(),
          row.rois(),
          row.threads(),
          b.imagesPerSecond(),
          s.imagesPerSecond(),
          row.ratio(),
          b.p50Millis(),
          b.p99Millis(),
          s.p50Millis(),
          s.p99Millis(),
          b.cpuSecondsPerImage(),
          s.cpuSecondsPerImage());
    }
    if (threads.size() > 1) {
      scaling(out, rows, threads.get(0), threads.get(threads.size() - 1));
    }
    growth(out, rows, threads.get(0));
  }

  /** Images/s at the most threads over images/s at the fewest, each side. */
  private static void scaling(PrintStream out, List<Row> rows, int few, int many) {
    out.printf(
        Locale.ROOT,
        "%n| model | size | ROIs | bare %d / %d threads | service %d / %d threads |%n",
        many,
        few,
        many,
        few);
    out.println("|---|---|---|---|---|");
    for (Row row : rows) {
      if (row.threads() != few) {
        continue;
      }
      find(rows, row.model(), row.size(), row.rois(), many)
          .ifPresent(
              m ->
                  out.printf(
                      Locale.ROOT,
                      "| %s | %s | %d | %.2f | %.2f |%n",
                      row.model(),
                      row.size(),
                      row.rois(),
                      m.medianBare().imagesPerSecond() / row.medianBare().imagesPerSecond(),
                      m.medianService().imagesPerSecond() / row.medianService().imagesPerSecond()));
    }
  }

  /** The bare loop's CPU time per image at one thread, per megapixel, and 8 regions against 1. */
  private static void growth(PrintStream out, List<Row> rows, int few) {
    out.printf(
        Locale.ROOT,
        "%n| model | size | ROIs | bare CPU ms/image (%d thread) | CPU ms per megapixel"
            + " | vs. 1 ROI |%n",
        few);
    out.println("|---|---|---|---|---|---|");
    for (Row row : rows) {
      if (row.threads() != few) {
        continue;
      }
      double ms = row.medianBare().cpuSecondsPerImage() * 1000;
      String vsOne =
          find(rows, row.model(), row.size(), 1, few)
              .map(
                  one ->
                      String.format(
                          Locale.ROOT, "%.2f", ms / (one.medianBare().cpuSecondsPerImage() * 1000)))
              .orElse("-");
      out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %.1f | %.1f | %s |%n",
          row.model(),
          row.size(),
          row.rois(),
          ms,
          ms / row.megapixels(),
          vsOne);
    }
  }

  private static Optional<Row> find(
      List<Row> rows, String model, String size, int rois, int threads) {
    return rows.stream()
        .filter(
            r ->
                r.model().equals(model)
                    && r.size().equals(size)
                    && r.rois() == rois
                    && r.threads() == threads)
        .findFirst();
  }
}
