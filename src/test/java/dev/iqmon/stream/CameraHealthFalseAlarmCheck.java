package dev.iqmon.stream;

import dev.iqmon.alerts.FrameSignature;
import dev.iqmon.alerts.SceneImages;
import dev.iqmon.alerts.SceneView;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.image.DecodeLimits;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.quality.classical.ClassicalModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The false-alarm check of the camera-health rules: steady feeds of real photos (the four samples,
 * and every photo in the folders given, by default {@code training/.cache/photos} when the training
 * photos were fetched), one frame every {@code interval} seconds of capture time for {@code
 * minutes}, through the real topology with the default rules and the classical model. The light
 * goes from day to night (3 stops darker, with a dark scene's sensor noise) and back, and every
 * fourth frame something crosses the view. Prints the alerts by rule (there should be none) and,
 * per feed, the largest distance from the reference view and the largest share of lost texture
 * seen. Photos are shrunk to at most 1280 pixels on their longer side. A command, not a test:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.iqmon.stream.CameraHealthFalseAlarmCheck \
 *   [-Dexec.args="MINUTES INTERVAL_SECONDS [PHOTO_FOLDER ...]"]
 * </pre>
 */
public final class CameraHealthFalseAlarmCheck {

  private static final Instant T0 = Instant.parse("2026-06-01T18:00:00Z");
  private static final int MAX_SIDE = 1280;

  private CameraHealthFalseAlarmCheck() {}

  public static void main(String[] args) throws IOException {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int interval = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Path> folders = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      folders.add(Path.of(args[i]));
    }
    if (folders.isEmpty() && Files.isDirectory(Path.of("training/.cache/photos"))) {
      folders.add(Path.of("training/.cache/photos"));
    }
    Map<String, RgbImage> photos = photos(folders);
    int frames = minutes * 60 / interval;
    System.out.printf(
        Locale.ROOT,
        "%d feeds (%d sample photos, %d from %s), %d frames each, one every %ds: %d min%n",
        photos.size(),
        TestImages.SAMPLES.size(),
        photos.size() - TestImages.SAMPLES.size(),
        folders,
        frames,
        interval,
        minutes);
    long start = System.nanoTime();
    Map<String, Integer> byRule = new TreeMap<>();
    Map<String, double[]> margins = new LinkedHashMap<>();
    try (TopologyHarness t =
        new TopologyHarness("model: {kind: classical}", new ClassicalModel())) {
      List<String> feeds = new ArrayList<>(photos.keySet());
      for (int f = 0; f < feeds.size(); f++) {
        RgbImage photo = photos.get(feeds.get(f));
        RgbImage passer = photos.get(feeds.get((f + 1) % feeds.size()));
        for (int i = 0; i < frames; i++) {
          publish(t, feeds.get(f), i, interval, frame(photo, passer, i, frames));
        }
        for (QualityAlert a : t.alerts.readValuesToList()) {
          byRule.merge(a.getRule() + " " + a.getState(), 1, Integer::sum);
          System.out.println("  " + a.getState() + " " + a.getAlertId() + ": " + a.getMessage());
        }
        margins.put(feeds.get(f), margins(t.imageQuality.readValuesToList()));
      }
    }
    margins.forEach(
        (feed, m) ->
            System.out.printf(
                Locale.ROOT,
                "  %-22s largest distance from the reference %.3f, largest share of lost"
                    + " texture %.3f%n",
                feed,
                m[0],
                m[1]));
    double worstDistance = margins.values().stream().mapToDouble(m -> m[0]).max().orElse(0);
    double worstLost = margins.values().stream().mapToDouble(m -> m[1]).max().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "alerts: %s; largest distance %.3f (scene-change fires at 0.3), largest lost share %.3f"
            + " (lens-blocked fires at 0.5); %.0f s%n",
        byRule.isEmpty() ? "none" : byRule,
        worstDistance,
        worstLost,
        (System.nanoTime() - start) / 1e9);
  }

  /** Frame i of n: the light dims to 3 stops under day and back; something passes every 4th. */
  private static RgbImage frame(RgbImage photo, RgbImage passer, int i, int n) {
    double stops = -3 * (1 - Math.cos(2 * Math.PI * i / n)) / 2;
    RgbImage lit = SceneImages.lit(photo, stops, i);
    return i % 4 == 3 ? SceneImages.pasted(lit, passer, (i % 20) / 30.0, 0.4, 0.3, 0.35) : lit;
  }

  private static void publish(TopologyHarness t, String feed, int i, int interval, RgbImage image) {
    Instant at = T0.plusSeconds((long) i * interval);
    ImageEvent event =
        ImageEvent.newBuilder()
            .setFeedId(feed)
            .setImageId(feed + "-" + i)
            .setCaptureTime(at)
            .setContentType("image/jpeg")
            .setData(ByteBuffer.wrap(ImageEncoder.jpeg(image, 90)))
            .setRois(List.of())
            .setAttributes(Map.of())
            .build();
    t.images.pipeInput(feed.getBytes(StandardCharsets.UTF_8), t.encode(event), at.plusMillis(800));
  }

  /**
   * The largest distance from a reference learned as the service learns it (the first 20 frames),
   * and the largest share of its textured cells that lost their texture, over the other frames.
   */
  private static double[] margins(List<ImageQuality> results) {
    SceneView reference = null;
    double distance = 0;
    double lost = 0;
    for (int i = 0; i < results.size(); i++) {
      ByteBuffer bytes = results.get(i).getFrameSignature();
      byte[] copy = new byte[bytes.remaining()];
      bytes.duplicate().get(copy);
      FrameSignature frame = FrameSignature.fromBytes(copy);
      if (i < 20) {
        reference = reference == null ? SceneView.of(frame, 0) : reference.learn(frame, 0.02);
        continue;
      }
      distance = Math.max(distance, reference.distance(frame));
      int n = 0;
      for (boolean cell : reference.lostTexture(frame, 0.25)) {
        n += cell ? 1 : 0;
      }
      lost = Math.max(lost, n / (double) Math.max(1, reference.texturedCells()));
    }
    return new double[] {distance, lost};
  }

  private static Map<String, RgbImage> photos(List<Path> folders) throws IOException {
    Map<String, RgbImage> photos = new LinkedHashMap<>();
    for (String sample : TestImages.SAMPLES) {
      photos.put(sample, TestImages.sample(sample));
    }
    ImageDecoder decoder =
        new ImageDecoder(new DecodeLimits(200_000_000, 100_000_000, 20_000, 20_000));
    for (Path folder : folders) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
          if (name.endsWith(".jpg") || name.endsWith(".png") || name.endsWith(".jpeg")) {
            photos.put(
                file.getFileName().toString(),
                shrink(decoder.decode(Files.readAllBytes(file)).image()));
          }
        }
      }
    }
    return photos;
  }

  private static RgbImage shrink(RgbImage image) {
    RgbImage out = image;
    while (Math.max(out.width(), out.height()) > MAX_SIDE) {
      out = SceneImages.half(out);
    }
    return out;
  }
}
