package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.box;
import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static dev.iqmon.stream.TestImages.polygon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.roi.CocoRle;
import dev.iqmon.schema.InMemorySchemaRegistry;
import dev.iqmon.schema.RegistryUnreachableException;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IqmonTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CONFIG =
      """
      feeds:
        cam-1:
          rois:
            - id: road
              box: [0.0, 0.5, 1.0, 0.5]
      """;

  @Test
  void shouldPublishOneImageResultAndOneRegionScorePerRoi() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publish(
          event(
              "cam-1",
              "img-1",
              T0,
              pngScoring(60),
              box("car", 8, 8, 16, 8),
              polygon("sign", 40, 4, 60, 4, 60, 20)));

      ImageQuality image = t.imageQuality.readValue();
      List<RegionScore> regions = t.regionScores.readValuesToList();
      assertThat(image.getImageId()).isEqualTo("img-1");
      assertThat(image.getScore()).isCloseTo(60, org.assertj.core.data.Offset.offset(0.5));
      assertThat(regions)
          .extracting(RegionScore::getRoiId)
          .containsExactly("whole", "road", "car", "sign");
      assertThat(regions)
          .extracting(RegionScore::getSource)
          .containsExactly(RoiSource.WHOLE, RoiSource.STATIC, RoiSource.EVENT, RoiSource.EVENT);
      assertThat(image.getRegions()).hasSize(4);
      assertThat(t.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldCountTheImageItsRegionsBySourceAndTheTimeOfEachStage() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publish(event("cam-1", "img-1", T0, pngScoring(60), box("car", 8, 8, 16, 8)));
      t.publish(event("cam-1", "img-2", T0.plusSeconds(1), pngScoring(60)));

      assertThat(t.count("iqmon.images")).isEqualTo(2);
      assertThat(t.count("iqmon.regions", "source", "whole")).isEqualTo(2);
      assertThat(t.count("iqmon.regions", "source", "static")).isEqualTo(2);
      assertThat(t.count("iqmon.regions", "source", "event")).isEqualTo(1);
      assertThat(t.count("iqmon.regions", "source", "segmented")).isZero();
      for (String stage : List.of("fetch", "decode", "rois", "score")) {
        assertThat(t.meters.get("iqmon.stage").tag("stage", stage).timer().count())
            .as(stage)
            .isEqualTo(2);
      }
      assertThat(t.meters.get("iqmon.stage").tag("stage", "segment").timer().count()).isZero();
      assertThat(t.meters.get("iqmon.record.latency").timer().count()).isEqualTo(2);
      assertThat(allDeadLetters(t)).isZero();
    }
  }

  private static double allDeadLetters(TopologyHarness t) {
    return t.meters.get("iqmon.dead.letters").counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  void shouldGiveEachRegionItsBoxAreaAndMask() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publish(
          event(
              "cam-1",
              "img-1",
              T0,
              pngScoring(60),
              box("car", 8, 8, 16, 8),
              polygon("sign", 40, 4, 60, 4, 60, 20)));

      List<RegionScore> regions = t.regionScores.readValuesToList();
      RegionScore road = regions.get(1);
      assertThat(
              List.of(
                  road.getBox().getX(),
                  road.getBox().getY(),
                  road.getBox().getWidth(),
                  road.getBox().getHeight()))
          .containsExactly(0.0, 24.0, 64.0, 24.0);
      assertThat(road.getAreaFraction()).isEqualTo(0.5);
      assertThat(road.getMask()).isNull();
      RegionScore car = regions.get(2);
      assertThat(car.getAreaFraction()).isEqualTo(16 * 8 / (64.0 * 48));
      RegionScore sign = regions.get(3);
      assertThat(sign.getMask()).isNotNull();
      assertThat(sign.getMask().getWidth()).isEqualTo(64);
      long maskPixels = CocoRle.decode(sign.getMask().getCounts(), 64, 48).orElseThrow().area();
      assertThat(sign.getAreaFraction()).isEqualTo(maskPixels / (64.0 * 48));
      // A right triangle of legs 20 and 16 covers about half of its 20x16 box.
      assertThat(maskPixels).isBetween(140L, 180L);
    }
  }

  @Test
  void shouldRouteCorruptJpegToDeadLetterTopicWithItsBytes() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      byte[] jpeg = ImageEncoder.jpeg(TestImages.grey(64, 48, 128), 90);
      ImageEvent event = event("cam-1", "broken", T0, Arrays.copyOf(jpeg, jpeg.length / 2));
      byte[] value = t.encode(event);
      t.publishRaw("cam-1", value, T0);

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.DECODE);
      assertThat(t.deadLetters(FailedStage.DECODE)).isEqualTo(1);
      assertThat(allDeadLetters(t)).isEqualTo(1);
      assertThat(t.count("iqmon.images")).isZero();
      assertThat(letter.getImageId()).isEqualTo("broken");
      assertThat(bytes(letter.getValue())).isEqualTo(value);
      assertThat(letter.getTopic()).isEqualTo("images");
      assertThat(t.imageQuality.isEmpty()).isTrue();
      assertThat(t.regionScores.isEmpty()).isTrue();
    }
  }

  /** A model whose every call does {@code failure}, in place of scoring. */
  private static QualityModel failing(
      java.util.function.Function<List<ImageJob>, List<ImageResult>> failure) {
    ModelInfo info = new BrightnessModel().info();
    return new QualityModel() {
      @Override
      public ModelInfo info() {
        return info;
      }

      @Override
      public List<ImageResult> score(List<ImageJob> jobs) {
        return failure.apply(jobs);
      }
    };
  }

  @Test
  void shouldDeadLetterAtScoreWhenTheModelThrows() {
    QualityModel closed =
        failing(
            jobs -> {
              throw new IllegalStateException("the session is closed");
            });
    try (TopologyHarness t = new TopologyHarness(CONFIG, closed)) {
      t.publish(event("cam-1", "img-1", T0, pngScoring(60)));

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.SCORE);
      assertThat(letter.getReason()).contains("the session is closed");
      assertThat(t.deadLetters(FailedStage.SCORE)).isEqualTo(1);
      assertThat(allDeadLetters(t)).isEqualTo(1);
    }
  }

  @Test
  void shouldDeadLetterAsInternalAnImageTheModelGaveNoResultFor() {
    try (TopologyHarness t = new TopologyHarness(CONFIG, failing(jobs -> List.of()))) {
      t.publish(event("cam-1", "img-1", T0, pngScoring(60)));

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.INTERNAL);
      assertThat(letter.getReason()).contains("unexpected error while scoring");
      assertThat(t.deadLetters(FailedStage.INTERNAL)).isEqualTo(1);
      assertThat(allDeadLetters(t)).isEqualTo(1);
      assertThat(t.imageQuality.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldFailTheStreamThreadInsteadOfDeadLetteringWhenTheModelFailsWithAnError() {
    QualityModel unlinked =
        failing(
            jobs -> {
              throw new UnsatisfiedLinkError("no onnxruntime in java.library.path");
            });
    try (TopologyHarness t = new TopologyHarness(CONFIG, unlinked)) {
      assertThatThrownBy(() -> t.publish(event("cam-1", "img-1", T0, pngScoring(60))))
          .isInstanceOf(UnsatisfiedLinkError.class);

      assertThat(t.deadLetters.isEmpty()).isTrue();
      assertThat(allDeadLetters(t)).isZero();
    }
  }

  @Test
  void shouldDeadLetterBytesThatAreNotAnImageEvent() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publishRaw("cam-1", "hello".getBytes(StandardCharsets.UTF_8), T0);

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.DESERIALIZE);
      assertThat(t.deadLetters(FailedStage.DESERIALIZE)).isEqualTo(1);
      assertThat(allDeadLetters(t)).isEqualTo(1);
      assertThat(letter.getReason()).contains("not an ImageEvent");
      assertThat(bytes(letter.getValue())).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void shouldDeadLetterImagesOverTheByteLimit() {
    try (TopologyHarness t = new TopologyHarness(CONFIG + "images:\n  max-bytes: 100\n")) {
      t.publish(event("cam-1", "big", T0, pngScoring(50)));

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.DECODE);
      assertThat(letter.getReason()).contains("100");
    }
  }

  @Test
  void shouldDeadLetterEventsWithBothBytesAndUri() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      ImageEvent event = event("cam-1", "both", T0, pngScoring(50));
      event.setUri("file:///tmp/x.png");
      t.publish(event);

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.VALIDATE);
      assertThat(t.deadLetters(FailedStage.VALIDATE)).isEqualTo(1);
      assertThat(allDeadLetters(t)).isEqualTo(1);
      assertThat(letter.getReason()).contains("exactly one of data");
    }
  }

  @Test
  void shouldDeadLetterReferencesToMissingFiles() {
    try (TopologyHarness t = new TopologyHarness(CONFIG, roots("/nonexistent/iqmon"))) {
      ImageEvent event = event("cam-1", "gone", T0, pngScoring(50));
      event.setData(null);
      event.setUri("file:///nonexistent/iqmon/gone.png");
      t.publish(event);

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.FETCH);
      assertThat(t.deadLetters(FailedStage.FETCH)).isEqualTo(1);
      assertThat(allDeadLetters(t)).isEqualTo(1);
      assertThat(letter.getReason()).contains("no such file").contains("gone.png");
    }
  }

  @Test
  void shouldRefuseFileReferencesWithoutSayingWhatTheFileHoldsWhenNoRootIsConfigured(
      @TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      for (Path path : List.of(secret, dir.resolve("missing"))) {
        ImageEvent event = event("cam-1", path.getFileName().toString(), T0, pngScoring(50));
        event.setData(null);
        event.setUri(path.toUri().toString());
        t.publish(event);
      }

      List<DeadLetter> letters = t.deadLetters.readValuesToList();
      assertThat(letters).hasSize(2);
      assertThat(letters)
          .allSatisfy(
              letter -> {
                assertThat(letter.getStage()).isEqualTo(FailedStage.FETCH);
                assertThat(letter.getReason())
                    .endsWith(
                        ": file: references are refused: images.fetch.file-roots names no"
                            + " directory");
              });
    }
  }

  private static String roots(String dir) {
    return "images:\n  fetch:\n    file-roots: [\"" + dir + "\"]\n";
  }

  @Test
  void shouldScoreImagesByReference(@TempDir Path dir) throws Exception {
    try (TopologyHarness t = new TopologyHarness(CONFIG, roots(dir.toString()))) {
      Path file = Files.write(dir.resolve("frame.png"), pngScoring(70));
      ImageEvent event = event("cam-1", "ref", T0, pngScoring(50));
      event.setData(null);
      event.setUri(file.toUri().toString());
      t.publish(event);

      assertThat(t.imageQuality.readValue().getScore())
          .isCloseTo(70, org.assertj.core.data.Offset.offset(0.5));
    }
  }

  @Test
  void shouldScoreTheImageAndListRoisThatWereDropped() {
    try (TopologyHarness t = new TopologyHarness(CONFIG + "rois:\n  max-per-image: 3\n")) {
      t.publish(
          event(
              "cam-1",
              "img",
              T0,
              pngScoring(50),
              box("a", 0, 0, 10, 10),
              box("outside", 500, 500, 10, 10),
              box("b", 10, 10, 10, 10),
              box("a", 1, 1, 5, 5)));

      ImageQuality image = t.imageQuality.readValue();
      assertThat(image.getRegions())
          .extracting(r -> r.getRoiId())
          .containsExactly("whole", "road", "a");
      assertThat(image.getDroppedRois())
          .extracting(d -> d.getRoiId() + ": " + d.getReason())
          .containsExactly(
              "outside: covers no pixel of the 64x48 image",
              "b: over the limit of 3 ROIs per image",
              "a: duplicate ROI id 'a'");
    }
  }

  @Test
  void shouldDeadLetterRecordsKeyedByAnotherFeed() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publishRaw("cam-2", t.encode(event("cam-1", "img", T0, pngScoring(50))), T0);

      assertThat(t.deadLetters.readValue().getStage()).isEqualTo(FailedStage.VALIDATE);
    }
  }

  @Test
  void shouldDeadLetterRecordsWithoutAKeyBeforeAnyFeedStateSeesThem() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publishRaw(null, t.encode(event("cam-1", "unkeyed", T0, pngScoring(50))), T0);

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.VALIDATE);
      assertThat(letter.getReason()).contains("no key").contains("'cam-1'");
      assertThat(t.imageQuality.isEmpty()).isTrue();
      assertThat(t.regionScores.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNotDeadLetterAGoodImageWhileTheRegistryDoesNotAnswer() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      InMemorySchemaRegistry registry = (InMemorySchemaRegistry) t.registry;
      t.publishRaw("cam-1", "hello".getBytes(StandardCharsets.UTF_8), T0);
      assertThat(t.deadLetters.readValue().getStage()).isEqualTo(FailedStage.DESERIALIZE);
      byte[] value = t.encode(event("cam-1", "good", T0, pngScoring(50)));

      registry.setDown(true);
      assertThatThrownBy(() -> t.publishRaw("cam-1", value, T0))
          .satisfies(e -> assertThat(RegistryUnreachableException.isCauseOf(e)).isTrue());
      assertThat(t.deadLetters.isEmpty()).isTrue();

      registry.setDown(false);
      t.publishRaw("cam-1", value, T0); // read again from the last commit, as Streams does
      assertThat(t.imageQuality.readValue().getImageId()).isEqualTo("good");
      assertThat(t.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDeadLetterARecordWhoseSchemaIdTheRegistryDoesNotHave() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      byte[] value = t.encode(event("cam-1", "orphan", T0, pngScoring(50)));
      ByteBuffer.wrap(value).putInt(1, 9999);
      t.publishRaw("cam-1", value, T0);

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.DESERIALIZE);
      assertThat(letter.getReason()).contains("9999");
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
