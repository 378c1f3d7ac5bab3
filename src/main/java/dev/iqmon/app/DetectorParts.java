package dev.iqmon.app;

import dev.iqmon.config.ConfigException;
import dev.iqmon.config.DetectorFileConfig;
import dev.iqmon.config.DetectorsConfig;
import dev.iqmon.config.FeedDetectConfig;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.detect.DetectSettings;
import dev.iqmon.detect.Detector;
import dev.iqmon.detect.OnnxDetectorNetwork;
import dev.iqmon.detect.RegionDetector;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.OnnxSessions;
import dev.iqmon.metrics.Batcher;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.roi.RoiFinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the detectors the feeds ask for and builds the detected-region source around them. Owns the
 * detectors: closing it closes them. Batch sizes go to {@code metrics}, which may be bound to a
 * registry later, before the first image.
 */
final class DetectorParts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DetectorParts.class);
  static final String OBJECTS_FILE = "detector-nanodet-g-416.onnx";
  static final String FACES_FILE = "detector-blazeface-back-256.onnx";

  private final List<Detector> detectors;
  private final RoiFinder finder;

  private DetectorParts(List<Detector> detectors, RoiFinder finder) {
    this.detectors = detectors;
    this.finder = finder;
  }

  /** Nothing to detect: no detector opened. */
  static DetectorParts none() {
    return new DetectorParts(List.of(), RoiFinder.NONE);
  }

  /**
   * The detectors for the feeds of {@code feeds} (feed id to what it asks for), opened on the
   * configured device; none when no feed asks. A class no detector finds stops it, naming the feed.
   * With {@code segmenter}, the boxes of feeds that say so become prompts.
   */
  static DetectorParts open(
      DetectorsConfig config,
      Map<String, FeedDetectConfig> feeds,
      boolean segmenter,
      IqmonMetrics metrics) {
    if (feeds.isEmpty()) {
      return none();
    }
    List<Detector> opened = new ArrayList<>();
    try {
      OnnxSessions sessions = new OnnxSessions(config.device(), config.intraOpThreads());
      Map<Detector, Double> defaults = new LinkedHashMap<>();
      for (Map.Entry<String, DetectorFileConfig> file :
          List.of(
              Map.entry(OBJECTS_FILE, config.objects()), Map.entry(FACES_FILE, config.faces()))) {
        Detector detector = open(sessions, config, file.getKey(), file.getValue(), metrics);
        opened.add(detector);
        defaults.put(detector, file.getValue().minConfidence());
      }
      Map<String, DetectSettings> settings = new HashMap<>();
      feeds.forEach(
          (feed, detect) -> settings.put(feed, settings(feed, detect, defaults, segmenter)));
      List<Detector> used = closeUnused(opened, settings);
      return new DetectorParts(used, new RegionDetector(used, settings));
    } catch (RuntimeException e) {
      opened.forEach(Detector::close);
      throw e;
    }
  }

  /**
   * What each feed of the config asks the detectors for; feeds without {@code detect} are left out.
   */
  static Map<String, FeedDetectConfig> feeds(IqmonConfig config) {
    Map<String, FeedDetectConfig> out = new HashMap<>();
    config
        .feeds()
        .forEach(
            (id, feed) -> {
              if (feed.detect() != null) {
                out.put(id, feed.detect());
              }
            });
    return out;
  }

  private static Detector open(
      OnnxSessions sessions,
      DetectorsConfig config,
      String name,
      DetectorFileConfig file,
      IqmonMetrics metrics) {
    return new Detector(
        OnnxDetectorNetwork.open(sessions, source(name, file)),
        config.batchSize(),
        config.batchWait(),
        images -> metrics.batch(Batcher.DETECTOR, images, config.batchSize()));
  }

  /**
   * One detector of the config ({@link #OBJECTS_FILE} or {@link #FACES_FILE}) on its own session,
   * batching at most {@code maxBatch} images a call and combining no calls: for the benchmarks.
   */
  static Detector single(DetectorsConfig config, String name, int maxBatch) {
    DetectorFileConfig file = name.equals(OBJECTS_FILE) ? config.objects() : config.faces();
    OnnxSessions sessions = new OnnxSessions(config.device(), config.intraOpThreads());
    return new Detector(
        OnnxDetectorNetwork.open(sessions, source(name, file)),
        maxBatch,
        Duration.ZERO,
        images -> {});
  }

  /** The configured file, else {@code models/NAME} here, else the copy bundled in the jar. */
  private static ModelSource source(String name, DetectorFileConfig file) {
    String key = name.equals(OBJECTS_FILE) ? "detectors.objects.path" : "detectors.faces.path";
    return ModelSource.locate(key, file.path(), Path.of("models", name), "/models/" + name);
  }

  /**
   * The feed's settings: each class's least confidence is the feed's, else that of the detector
   * that finds it; the boxes are prompts when the feed says so and a segmenter is configured.
   */
  private static DetectSettings settings(
      String feed, FeedDetectConfig detect, Map<Detector, Double> defaults, boolean segmenter) {
    Map<String, Double> min = new HashMap<>();
    for (String c : detect.classes()) {
      Double least = detect.minConfidence().get(c);
      if (least == null) {
        least =
            defaults.entrySet().stream()
                .filter(d -> d.getKey().contract().labels().contains(c))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(
                    () ->
                        new ConfigException(
                            "feeds."
                                + feed
                                + ".detect.classes: no detector finds '"
                                + c
                                + "'; the classes are "
                                + "face and the 80 of COCO (person, bicycle, car, motorcycle, bus, truck, ...)"));
      }
      min.put(c, least);
    }
    return new DetectSettings(
        detect.classes(),
        min,
        detect.maxRegions(),
        detect.minSize(),
        segmenter && detect.segment());
  }

  private static List<Detector> closeUnused(
      List<Detector> all, Map<String, DetectSettings> settings) {
    List<Detector> used = new ArrayList<>();
    for (Detector d : all) {
      boolean needed =
          settings.values().stream()
              .anyMatch(s -> s.leastConfidence(d.contract().labels()).isPresent());
      if (needed) {
        used.add(d);
        LOG.info("Detector {} on {}", d.contract().name(), d.provider());
      } else {
        d.close();
      }
    }
    return used;
  }

  /** The detectors in use and where they run, or "off". */
  String describe() {
    return detectors.isEmpty()
        ? "off"
        : String.join(
            ", ",
            detectors.stream().map(d -> d.contract().name() + " on " + d.provider()).toList());
  }

  RoiFinder finder() {
    return finder;
  }

  /** Exports a gauge per detector in use, with where it runs. */
  void register(IqmonMetrics metrics) {
    detectors.forEach(d -> metrics.detector(d.contract().name(), d.provider()));
  }

  @Override
  public void close() {
    detectors.forEach(Detector::close);
  }
}
