package dev.iqmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iqmon.config.FeedDetectConfig;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.DecodedImage;
import dev.iqmon.image.ImageDecodeException;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RoiFinder;
import dev.iqmon.roi.RoiOrigin;
import dev.iqmon.roi.RoiPlan;
import dev.iqmon.roi.RoiPlanner;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.roi.RoiShape;
import dev.iqmon.segment.SamSegmenter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Scores image files offline, without Kafka: one JSON line per image with its score, level and
 * regions. A manifest adds regions given as mask PNGs; {@code --detect} adds the regions the
 * detectors find, with their class, confidence and box.
 */
@Command(
    name = "score",
    description =
        "Score image files offline: one JSON line per file with its score, level and regions.")
final class ScoreCommand implements Callable<Integer> {

  @Mixin ConfigOptions settings = new ConfigOptions();

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Image files or folders of them.")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--manifest",
      description =
          "JSON lines {\"image\": PATH, \"rois\": [{\"id\": ID, \"mask\": PNG_PATH}]} to score with their regions.")
  Path manifest;

  @Option(
      names = {"--model", "--scorer"},
      paramLabel = "KIND",
      description = "Which model scores: learned or classical (default: the config's model.kind).")
  String modelKind;

  @Option(
      names = "--detect",
      paramLabel = "CLASSES",
      split = ",",
      description =
          "Detect these classes and score them as regions, e.g. person,car,face (face, and the 80 COCO"
              + " classes: person, bicycle, car, motorcycle, bus, truck, ...).")
  List<String> detect = new ArrayList<>();

  /** The feed the detect settings of {@code --detect} are filed under. */
  private static final String FILES = "files";

  private RoiFinder finder = RoiFinder.NONE;
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() throws IOException {
    if (paths.isEmpty() && manifest == null) {
      throw new IllegalArgumentException("give image files or folders, or --manifest");
    }
    if (modelKind != null) {
      settings.overrides.add("model.kind=" + modelKind);
    }
    IqmonConfig config = settings.load();
    ImageDecoder decoder = PipelineParts.decoder(config.images());
    List<Item> items = items();
    int batch = config.model().batchSize();
    int failures = 0;
    Optional<SamSegmenter> segmenter = SegmenterParts.open(config.segmenter());
    RoiPlanner planner = SegmenterParts.planner(config, segmenter);
    try (QualityModel model = PipelineParts.model(config.model());
        DetectorParts detectors = detectors(config)) {
      finder = detectors.finder();
      for (int from = 0; from < items.size(); from += batch) {
        List<Item> chunk = items.subList(from, Math.min(items.size(), from + batch));
        failures += score(chunk, decoder, planner, model, System.out);
      }
    } finally {
      segmenter.ifPresent(SamSegmenter::close);
    }
    return failures == 0 ? 0 : 1;
  }

  /** The detectors for {@code --detect}, with the config's defaults; none without it. */
  private DetectorParts detectors(IqmonConfig config) {
    if (detect.isEmpty()) {
      return DetectorParts.none();
    }
    FeedDetectConfig asked = new FeedDetectConfig(detect, null, null, null, null);
    return DetectorParts.open(
        config.detectors(),
        Map.of(FILES, asked),
        config.segmenter().enabled(),
        IqmonMetrics.discarding());
  }

  /**
   * An image to score and the regions asked for beside the whole frame; {@code named} is the image
   * as the manifest wrote it, echoed as {@code "image"} (null for files given as arguments).
   */
  record Item(Path image, List<RoiRequest> rois, String named) {}

  private List<Item> items() throws IOException {
    List<Item> items = new ArrayList<>();
    for (Path file : PublishCommand.imageFiles(paths)) {
      items.add(new Item(file, List.of(), null));
    }
    if (manifest != null) {
      for (String line : Files.readAllLines(manifest)) {
        if (!line.isBlank()) {
          items.add(manifestItem(json.readTree(line)));
        }
      }
    }
    return items;
  }

  private static Item manifestItem(JsonNode line) throws IOException {
    List<RoiRequest> rois = new ArrayList<>();
    for (JsonNode roi : line.path("rois")) {
      byte[] png = Files.readAllBytes(Path.of(roi.path("mask").asText()));
      String id = roi.path("id").asText();
      rois.add(
          new RoiRequest(
              id, roi.path("label").asText(id), RoiOrigin.EVENT, new RoiShape.PngMask(png)));
    }
    String image = line.path("image").asText();
    return new Item(Path.of(image), rois, image);
  }

  /**
   * Scores a batch of images in one model call and prints one line each, in order; a line for an
   * image that could not be read says why. Returns how many could not be scored.
   */
  int score(
      List<Item> items,
      ImageDecoder decoder,
      RoiPlanner planner,
      QualityModel model,
      PrintStream out)
      throws IOException {
    List<ObjectNode> lines = new ArrayList<>();
    List<ImageJob> jobs = new ArrayList<>();
    List<RoiPlan> plans = new ArrayList<>();
    List<ObjectNode> scored = new ArrayList<>();
    for (Item item : items) {
      ObjectNode line = json.createObjectNode();
      if (item.named() != null) {
        line.put("image", item.named());
      }
      line.put("path", item.image().toString());
      lines.add(line);
      try {
        DecodedImage decoded = decoder.decode(Files.readAllBytes(item.image()), null);
        if (decoded.orientation() != 1) {
          line.put("orientation", decoded.orientation());
        }
        List<RoiRequest> rois = new ArrayList<>(item.rois());
        rois.addAll(finder.find(FILES, decoded.image()));
        RoiPlan plan = planner.plan(decoded.image(), rois);
        jobs.add(new ImageJob(decoded.image(), plan.rois()));
        plans.add(plan);
        scored.add(line);
      } catch (ImageDecodeException | IOException e) {
        line.put("error", e.getMessage());
      }
    }
    List<ImageResult> results = jobs.isEmpty() ? List.of() : model.score(jobs);
    for (int i = 0; i < results.size(); i++) {
      describe(scored.get(i), results.get(i), plans.get(i));
    }
    for (ObjectNode line : lines) {
      out.println(json.writeValueAsString(line));
    }
    return items.size() - jobs.size();
  }

  private void describe(ObjectNode line, ImageResult result, RoiPlan plan) {
    RegionQuality whole = result.regions().get(0).quality();
    line.put("score", round(whole.score())).put("level", whole.level().name());
    var regions = line.putArray("regions");
    for (ScoredRegion region : result.regions()) {
      ObjectNode r =
          regions
              .addObject()
              .put("id", region.roi().id())
              .put("label", region.roi().label())
              .put("source", region.roi().source().name())
              .put("score", round(region.quality().score()))
              .put("level", region.quality().level().name());
      if (region.roi().confidence() != null) {
        PixelBox b = region.roi().box();
        r.put("confidence", round(region.roi().confidence()));
        r.putArray("box").add(b.x()).add(b.y()).add(b.width()).add(b.height());
      }
      ObjectNode distortions = r.putObject("distortions");
      for (Distortion type : Distortion.values()) {
        Double p = region.quality().distortions().get(type);
        if (p != null) {
          distortions.put(type.key(), round(p));
        }
      }
      ObjectNode indicators = r.putObject("indicators");
      region.quality().indicators().forEach((name, v) -> indicators.put(name, round(v)));
    }
    var dropped = line.putArray("dropped");
    plan.dropped().forEach(d -> dropped.addObject().put("id", d.id()).put("reason", d.reason()));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
