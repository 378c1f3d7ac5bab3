package dev.iqmon.app;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.learned.LearnedModel;
import dev.iqmon.quality.learned.SquashResize;
import dev.iqmon.quality.learned.StageTimes;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the quality models on the same images, without Kafka: images per second and the latency of
 * a model call at batch 1 and 8, with 1 and 8 regions per image, for the learned model (with and
 * without the classical explanation) and the classical model.
 */
@Command(
    name = "bench",
    description =
        "Time the quality models on the sample photos: images/s and call latency per batch size"
            + " and regions per image, learned against classical.")
final class BenchCommand implements Callable<Integer> {

  private static final List<String> SAMPLES =
      List.of("astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg");

  @Option(names = "--config", description = "Config file laid over the built-in defaults.")
  Path config;

  @Option(names = "--set", description = "Override one setting, e.g. --set model.device=cpu.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--calls",
      defaultValue = "40",
      description = "Timed model calls per row (default: ${DEFAULT-VALUE}).")
  int calls;

  @Option(
      names = "--warm-up",
      defaultValue = "5",
      description = "Untimed calls before each row (default: ${DEFAULT-VALUE}).")
  int warmUp;

  @Option(
      names = "--size",
      defaultValue = "1280x720",
      description = "Image size, WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
  String size;

  /** One row of the table: which model and how it is called. */
  record Row(String kind, boolean explain, int batch, int rois) {}

  /** What a row measured. */
  record Timing(double imagesPerSecond, double p50Millis, double p99Millis) {}

  @Override
  public Integer call() throws IOException {
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    List<RgbImage> images = images(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
    PrintStream out = System.out;
    out.printf(
        Locale.ROOT,
        "%d timed calls per row after %d warm-up calls; %s images (the 4 sample photos);"
            + " degraded regions off, so each image has exactly the regions listed.%n%n",
        calls,
        warmUp,
        size);
    out.println("| model | explain | batch | ROIs/image | images/s | call p50 ms | call p99 ms |");
    out.println("|---|---|---|---|---|---|---|");
    for (String kind : List.of("learned", "classical")) {
      for (boolean explain : kind.equals("learned") ? List.of(true, false) : List.of(true)) {
        try (QualityModel model = PipelineParts.model(config(kind, explain).model())) {
          for (int batch : List.of(1, 8)) {
            for (int rois : List.of(1, 8)) {
              Row row = new Row(kind, explain, batch, rois);
              Timing t = time(model, images, row);
              out.printf(
                  Locale.ROOT,
                  "| %s%s | %s | %d | %d | %.1f | %.1f | %.1f |%n",
                  kind,
                  kind.equals("learned") ? " (" + model.info().provider() + ")" : "",
                  kind.equals("learned") ? (explain ? "yes" : "no") : "-",
                  batch,
                  rois,
                  t.imagesPerSecond(),
                  t.p50Millis(),
                  t.p99Millis());
            }
          }
          if (model instanceof LearnedModel learned) {
            stages(learned.times().snapshot(), out);
          }
        }
      }
    }
    return 0;
  }

  private IqmonConfig config(String kind, boolean explain) {
    ConfigLoader loader = new ConfigLoader();
    if (config != null) {
      loader.file(config);
    }
    overrides.forEach(loader::set);
    return loader
        .set("model.kind=" + kind)
        .set("model.explain=" + explain)
        .set("model.degraded-regions.max=0")
        .load();
  }

  private Timing time(QualityModel model, List<RgbImage> images, Row row) {
    double[] millis = new double[calls];
    long total = 0;
    for (int call = -warmUp; call < calls; call++) {
      List<ImageJob> jobs = new ArrayList<>();
      for (int i = 0; i < row.batch(); i++) {
        RgbImage image = images.get(Math.floorMod(call * row.batch() + i, images.size()));
        jobs.add(new ImageJob(image, rois(image, row.rois())));
      }
      long start = System.nanoTime();
      model.score(jobs);
      long took = System.nanoTime() - start;
      if (call >= 0) {
        millis[call] = took / 1e6;
        total += took;
      }
    }
    Arrays.sort(millis);
    return new Timing(
        (double) calls * row.batch() / (total / 1e9),
        millis[calls / 2],
        millis[Math.min(calls - 1, (int) Math.ceil(calls * 0.99) - 1)]);
  }

  private static void stages(Map<StageTimes.Stage, Long> nanos, PrintStream out) {
    long all = nanos.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line = new StringBuilder("  learned model, share of its time per stage:");
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
              ? new Roi("box-" + i, "box", RoiSource.STATIC, cell, null)
              : Roi.ofMask("ellipse-" + i, "ellipse", RoiSource.EVENT, ellipse(cell)));
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
        byte[] rgb = SquashResize.rgb(photo, width, height);
        int[] pixels = new int[width * height];
        for (int p = 0; p < pixels.length; p++) {
          pixels[p] =
              (rgb[3 * p] & 0xff) << 16 | (rgb[3 * p + 1] & 0xff) << 8 | rgb[3 * p + 2] & 0xff;
        }
        images.add(new RgbImage(width, height, pixels));
      }
    }
    return images;
  }
}
