package dev.iqmon.app;

import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.ModelConfig;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.classical.ClassicalModel;
import dev.iqmon.quality.learned.LearnedModel;
import dev.iqmon.quality.learned.OnnxQualityNetworks;
import dev.iqmon.quality.learned.SquashResize;
import dev.iqmon.quality.learned.StageTimes;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times the quality models on the same images, without Kafka: images per second, the latency of a
 * model call and the CPU time per image, at batch 1 and 8, with 1 and 8 regions per image, for the
 * learned model (with and without the classical explanation) and the classical model. The rows take
 * turns call by call, so their ratios hold on a machine shared with other work.
 */
@Command(
    name = "bench",
    description =
        "Time the quality models on the sample photos: images/s and call latency per batch size"
            + " and regions per image, learned against classical.")
final class BenchCommand implements Callable<Integer> {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final List<String> SAMPLES =
      List.of("astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg");

  @Mixin ConfigOptions settings = new ConfigOptions();

  @Option(
      names = "--calls",
      defaultValue = "40",
      description = "Timed model calls per row (default: ${DEFAULT-VALUE}).")
  int calls;

  @Option(
      names = "--warm-up",
      defaultValue = "5",
      description = "Untimed rounds of calls first (default: ${DEFAULT-VALUE}).")
  int warmUp;

  @Option(
      names = "--size",
      defaultValue = "1280x720",
      description = "Image size, WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(
      names = "--detectors",
      description =
          "Also time the detectors (NanoDet-g 416, BlazeFace) at batch 1 and 8 on the same images.")
  boolean detectors;

  /** One row of the table: a model and how it is called, and what its timed calls took. */
  private static final class Row {
    final String name;
    final QualityModel model;
    final int batch;
    final int rois;
    final List<Double> wallMillis = new ArrayList<>();
    long cpuNanos;
    long images;

    Row(String name, QualityModel model, int batch, int rois) {
      this.name = name;
      this.model = model;
      this.batch = batch;
      this.rois = rois;
    }
  }

  @Override
  public Integer call() throws IOException {
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    List<RgbImage> images = images(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
    ModelConfig learnedConfig = config().model();
    // One pair of sessions, shared by the learned model with and without the explanation.
    try (OnnxQualityNetworks networks = PipelineParts.networks(learnedConfig)) {
      LearnedModel explained = PipelineParts.learned(learnedConfig, networks, true);
      LearnedModel bare = PipelineParts.learned(learnedConfig, networks, false);
      String learned = "learned (" + networks.provider() + ")";
      List<Row> rows = new ArrayList<>();
      for (int batch : List.of(1, 8)) {
        for (int rois : List.of(1, 8)) {
          rows.add(new Row(learned + ", explained", explained, batch, rois));
          rows.add(new Row(learned, bare, batch, rois));
          rows.add(new Row("classical", new ClassicalModel(), batch, rois));
        }
      }
      // Rows take turns call by call, so a busy moment of a shared machine hits them alike.
      for (int round = -warmUp; round < calls; round++) {
        for (Row row : rows) {
          call(row, images, round, round >= 0);
        }
      }
      print(rows, System.out);
      System.out.println();
      stages("learned, explained", explained.times().snapshot(), System.out);
      stages("learned", bare.times().snapshot(), System.out);
    }
    if (detectors) {
      DetectorBench.run(config().detectors(), images, calls, warmUp, System.out);
    }
    return 0;
  }

  private IqmonConfig config() {
    return settings.loader().set("model.kind=learned").set("model.degraded-regions.max=0").load();
  }

  private static void call(Row row, List<RgbImage> images, int round, boolean timed) {
    List<ImageJob> jobs = new ArrayList<>();
    for (int i = 0; i < row.batch; i++) {
      RgbImage image = images.get(Math.floorMod(round * row.batch + i, images.size()));
      jobs.add(new ImageJob(image, rois(image, row.rois)));
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    row.model.score(jobs);
    long took = System.nanoTime() - start;
    if (timed) {
      row.cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
      row.wallMillis.add(took / 1e6);
      row.images += row.batch;
    }
  }

  private void print(List<Row> rows, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%d timed calls per row, rows taking turns, after %d warm-up rounds; %s images (the 4"
            + " sample photos); degraded regions off, so each image has exactly the regions listed;"
            + " %d processors. CPU ms/image is the calling thread's CPU time: all of it with"
            + " model.intra-op-threads=1, without ONNX Runtime's own threads otherwise.%n%n",
        calls,
        warmUp,
        size,
        Runtime.getRuntime().availableProcessors());
    out.println(
        "| model | batch | ROIs/image | images/s | call p50 ms | call p99 ms | CPU ms/image |");
    out.println("|---|---|---|---|---|---|---|");
    for (Row row : rows) {
      List<Double> sorted = row.wallMillis.stream().sorted().toList();
      double wall = sorted.stream().mapToDouble(Double::doubleValue).sum();
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n",
          row.name,
          row.batch,
          row.rois,
          row.images / (wall / 1000),
          sorted.get(sorted.size() / 2),
          sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
          row.cpuNanos / 1e6 / row.images);
    }
  }

  private static void stages(String name, Map<StageTimes.Stage, Long> nanos, PrintStream out) {
    long all = nanos.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line = new StringBuilder(name + ", share of time per stage:");
    nanos.forEach(
        (stage, n) ->
            line.append(
                String.format(
                    Locale.ROOT,
                    " %s %.0f%%",
                    stage.name().toLowerCase(Locale.ROOT),
                    100.0 * n / all)));
    out.println(line);
  }

  /** The whole frame, then boxes and elliptical masks in a 4 x 2 layout. */
  static List<Roi> rois(RgbImage image, int count) {
    int w = image.width();
    int h = image.height();
    List<Roi> rois = new ArrayList<>(List.of(Roi.whole(w, h)));
    for (int i = 1; i < count; i++) {
      int cw = w / 4;
      int ch = h / 2;
      PixelBox cell =
          new PixelBox((i % 4) * cw + cw / 8, (i / 4) * ch + ch / 8, cw * 3 / 4, ch * 3 / 4);
      rois.add(
          i % 2 == 0
              ? new Roi("box-" + i, "box", RoiOrigin.STATIC, cell, null)
              : Roi.ofMask("ellipse-" + i, "ellipse", RoiOrigin.EVENT, ellipse(cell)));
    }
    return rois;
  }

  private static RegionMask ellipse(PixelBox box) {
    BitSet bits = new BitSet();
    for (int y = 0; y < box.height(); y++) {
      for (int x = 0; x < box.width(); x++) {
        double dx = (x + 0.5) / box.width() * 2 - 1;
        double dy = (y + 0.5) / box.height() * 2 - 1;
        if (dx * dx + dy * dy <= 1) {
          bits.set(y * box.width() + x);
        }
      }
    }
    return new RegionMask(box, bits);
  }

  /** The sample photos stretched to the size asked for. */
  private static List<RgbImage> images(int width, int height) throws IOException {
    List<RgbImage> images = new ArrayList<>();
    ImageDecoder decoder = new ImageDecoder();
    for (String sample : SAMPLES) {
      try (InputStream in = BenchCommand.class.getResourceAsStream("/samples/" + sample)) {
        RgbImage photo = decoder.decode(in.readAllBytes(), null).image();
        images.add(SquashResize.image(photo, width, height));
      }
    }
    return images;
  }
}
