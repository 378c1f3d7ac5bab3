package dev.iqmon.app;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedKafka;
import dev.iqmon.embedded.EmbeddedRegistry;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.roi.RoiFinder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Measures, in one run on the same JPEG files, the bare scoring loop (decode, regions, score)
 * against the whole service on an embedded broker and registry (the files already on its input
 * topic, read from the start until all are scored), at one thread and at every core, per model,
 * image size and number of regions. Passes take turns, bare loop and service, and each figure is
 * the median over the repeats, so that ratios hold on a machine shared with other work.
 */
@Command(
    name = "perf",
    description =
        "Measure the service against the bare scoring loop on the same images: images/s, latency,"
            + " CPU per image, at 1 thread and at every core.")
final class PerfCommand implements Callable<Integer> {

  static final String FEED = "perf";

  @Option(
      names = "--images",
      defaultValue = "32",
      description = "Images per pass (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = "Passes per row, bare loop and service in turn (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "1280x720,1920x1080,3840x2160",
      description = "Image sizes, WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
  List<String> sizes;

  @Option(
      names = "--rois",
      split = ",",
      defaultValue = "1,8",
      description = "Regions per image, the whole frame included (default: ${DEFAULT-VALUE}).")
  List<Integer> rois;

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "classical,learned",
      description = "Models (default: ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(
      names = "--threads",
      split = ",",
      description = "Scoring threads per row (default: 1 and one per core).")
  List<Integer> threads;

  @Option(
      names = "--detect",
      split = ",",
      paramLabel = "CLASSES",
      description =
          "Detect these classes on both sides (the feed's detect.classes), e.g. person,car,face.")
  List<String> detect = new ArrayList<>();

  @Option(
      names = "--quick",
      description =
          "A short run: 1920x1080 only, 16 images per pass, 2 repeats, unless given otherwise.")
  boolean quick;

  @Spec CommandSpec spec;

  private int runs;
  private RoiFinder bareDetector = RoiFinder.NONE;

  @Override
  public Integer call() {
    if (quick) {
      ParseResult given = spec.commandLine().getParseResult();
      sizes = given.hasMatchedOption("--sizes") ? sizes : List.of("1920x1080");
      images = given.hasMatchedOption("--images") ? images : 16;
      repeat = given.hasMatchedOption("--repeat") ? repeat : 2;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    if (threads == null) {
      threads = cores > 1 ? List.of(1, cores) : List.of(1);
    }
    PerfTables.header(System.out, images, repeat, cores);
    if (!detect.isEmpty()) {
      System.out.printf(
          "Detectors on, both sides: the feed's detect.classes are %s; their regions come on top"
              + " of the ROIs column's.%n%n",
          detect);
    }
    try (EmbeddedRegistry registry = EmbeddedRegistry.start();
        EmbeddedKafka kafka = EmbeddedKafka.builder().maxMessageBytes(32 << 20).start()) {
      Map<String, String> topics = publish(kafka, registry);
      List<PerfTables.Row> rows = new ArrayList<>();
      for (String model : models) {
        IqmonConfig modelConfig = settings(kafka, registry).config(model, 1, 1);
        try (QualityModel scorer = PipelineParts.model(modelConfig.model());
            DetectorParts detectors =
                DetectorParts.open(
                    modelConfig.detectors(),
                    DetectorParts.feeds(modelConfig),
                    false,
                    IqmonMetrics.discarding())) {
          bareDetector = detectors.finder();
          warmUp(kafka, registry, model, scorer, topics);
          for (String size : sizes) {
            for (int regions : rois) {
              for (int t : threads) {
                PerfTables.Row row = new PerfTables.Row(model, size, regions, t);
                measure(row, kafka, registry, scorer, topics.get(size));
                rows.add(row);
                PerfTables.progress(System.err, row);
              }
            }
          }
        }
      }
      PerfTables.print(System.out, rows, threads);
    }
    return 0;
  }

  /**
   * Untimed passes at the first size, of the bare loop for each number of regions and of the
   * service once, so that the timed ones find the code compiled and the classes loaded.
   */
  private void warmUp(
      EmbeddedKafka kafka,
      EmbeddedRegistry registry,
      String model,
      QualityModel scorer,
      Map<String, String> topics) {
    String size = sizes.get(0);
    for (int regions : rois) {
      // Each number of regions runs code of its own (boxes, masks) that must be compiled first.
      IqmonConfig config = settings(kafka, registry).config(model, regions, threads.get(0));
      new PerfBareLoop(config, FEED, scorer, bareDetector).run(files.get(size), threads.get(0));
    }
    PerfServiceRun.run(
        settings(kafka, registry)
            .serviceConfig(model, rois.get(0), threads.get(0), topics.get(size), ++runs),
        images);
  }

  private void measure(
      PerfTables.Row row,
      EmbeddedKafka kafka,
      EmbeddedRegistry registry,
      QualityModel scorer,
      String topic) {
    PerfSettings settings = settings(kafka, registry);
    IqmonConfig config = settings.config(row.model(), row.rois(), row.threads());
    PerfBareLoop bare = new PerfBareLoop(config, FEED, scorer, bareDetector);
    for (int r = 0; r < repeat; r++) {
      // Which goes first alternates, so a busy spell of a shared machine hits both alike.
      if (r % 2 == 0) {
        row.bare().add(bare.run(files.get(row.size()), row.threads()));
      }
      row.service()
          .add(
              PerfServiceRun.run(
                  settings.serviceConfig(row.model(), row.rois(), row.threads(), topic, ++runs),
                  images));
      if (r % 2 == 1) {
        row.bare().add(bare.run(files.get(row.size()), row.threads()));
      }
    }
  }

  private final Map<String, List<byte[]>> files = new LinkedHashMap<>();

  /** Encodes the images of each size and publishes them to a topic per size. */
  private Map<String, String> publish(EmbeddedKafka kafka, EmbeddedRegistry registry) {
    Map<String, String> topics = new LinkedHashMap<>();
    IqmonConfig config = settings(kafka, registry).config("classical", 1, 1);
    try (KafkaProducer<String, ImageEvent> producer =
        Clients.imageProducer(config, Clients.registry(config))) {
      for (String size : sizes) {
        int[] wh = parseSize(size);
        List<byte[]> jpegs = PerfImages.jpegs(wh[0], wh[1], images);
        files.put(size, jpegs);
        String topic = "perf-images-" + size;
        kafka.createTopics(1, topic);
        for (int i = 0; i < jpegs.size(); i++) {
          producer.send(
              new ProducerRecord<>(
                  topic,
                  FEED,
                  ImageEventFactory.inline(
                      FEED, "img-" + i, Instant.now(), jpegs.get(i), List.of())));
        }
        producer.flush();
        topics.put(size, topic);
      }
    }
    return topics;
  }

  private PerfSettings settings(EmbeddedKafka kafka, EmbeddedRegistry registry) {
    return new PerfSettings(kafka.bootstrapServers(), registry.url(), FEED, detect);
  }

  private static int[] parseSize(String size) {
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    if (wh.length != 2) {
      throw new IllegalArgumentException("a size is WIDTHxHEIGHT, got " + size);
    }
    return new int[] {Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())};
  }
}
