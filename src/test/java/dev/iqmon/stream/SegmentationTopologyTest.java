package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.box;
import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.polygon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.PointPrompt;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RleMask;
import dev.iqmon.avro.RoiHint;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.SegmenterConfig;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.CocoRle;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.segment.EncoderLayout;
import dev.iqmon.segment.SamSegmenter;
import dev.iqmon.segment.TinySam;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regions from every source through the topology to {@code region-scores}, with a segmenter of the
 * SAM contract's signature (the tiny test models: a box prompt's mask is the box, a point's mask
 * the square of half-side 20 px around it at this image size).
 */
class SegmentationTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int W = 320;
  private static final int H = 240;
  private static final String FEED =
      """
      feeds:
        cam-1:
          rois:
            - id: road
              box: [0.0, 0.5, 1.0, 0.5]
            - id: door
              box: [0.5, 0.1, 0.25, 0.25]
              segment: true
      """;

  @TempDir Path dir;

  private String segmenterYaml() throws IOException {
    Path encoder = TinySam.encoder(dir, EncoderLayout.PADDED, 64, 8);
    Path decoder = TinySam.decoder(dir, TinySam.Decoder.sam(64));
    return """
        segmenter:
          encoder: {path: '%s', input-size: 64}
          decoder: {path: '%s'}
          device: cpu
          automatic:
            enabled: true
            points-per-side: 2
            pred-iou-threshold: 0.5
            stability-score-threshold: 0.8
        """
        .formatted(encoder, decoder);
  }

  private static SamSegmenter open(String yaml) {
    SegmenterConfig config = new ConfigLoader().text(yaml, "test").load().segmenter();
    return SamSegmenter.open(
        Path.of(config.encoder().path()),
        Path.of(config.decoder().path()),
        config.contract(),
        config.automatic().settings(),
        config.device());
  }

  private static ImageEvent image() {
    RgbImage maskImage = new RgbImage(W, H, new int[W * H]);
    for (int y = 20; y < 30; y++) {
      for (int x = 200; x < 230; x++) {
        maskImage.pixels()[y * W + x] = 0xffffff;
      }
    }
    return event(
        "cam-1",
        "img-1",
        T0,
        ImageEncoder.png(TestImages.grey(W, H, 153)),
        box("car", 10, 10, 40, 20),
        polygon("sign", 20, 150, 60, 150, 60, 190, 20, 190),
        RoiHint.newBuilder()
            .setId("puddle")
            .setMaskPng(ByteBuffer.wrap(ImageEncoder.png(maskImage)))
            .build(),
        RoiHint.newBuilder()
            .setId("shadow")
            .setMaskRle(new RleMask(H, W, CocoRle.encode(rect(100, 200, 10, 10), W, H)))
            .build(),
        RoiHint.newBuilder()
            .setId("person")
            .setPoints(List.of(new PointPrompt(150.3, 100.6, true)))
            .build(),
        RoiHint.newBuilder()
            .setId("bike")
            .setBox(new Box(250.0, 150.0, 40.0, 60.0))
            .setSegment(true)
            .build());
  }

  @Test
  void shouldPublishOneRegionScorePerRoiFromEverySourceWithItsBoxAreaAndMask() throws IOException {
    String yaml = FEED + segmenterYaml();
    try (SamSegmenter segmenter = open(yaml);
        TopologyHarness t = new TopologyHarness(yaml, new BrightnessModel(), segmenter)) {
      t.publish(image());

      Map<String, RegionScore> regions =
          t.regionScores.readValuesToList().stream()
              .collect(Collectors.toMap(RegionScore::getRoiId, Function.identity()));
      ImageQuality result = t.imageQuality.readValue();

      assertThat(result.getDroppedRois()).isEmpty();
      assertThat(result.getStageMillis()).containsKey("segment");
      assertThat(result.getRegions())
          .extracting(r -> r.getRoiId())
          .containsExactly(
              "whole", "road", "door", "car", "sign", "puddle", "shadow", "person", "bike",
              "auto-1", "auto-2");
      assertRegion(regions.get("whole"), RoiSource.WHOLE, new PixelBox(0, 0, W, H), false);
      assertRegion(regions.get("road"), RoiSource.STATIC, new PixelBox(0, 120, W, 120), false);
      assertRegion(regions.get("door"), RoiSource.SEGMENTED, new PixelBox(160, 24, 80, 60), true);
      assertRegion(regions.get("car"), RoiSource.EVENT, new PixelBox(10, 10, 40, 20), false);
      assertRegion(regions.get("sign"), RoiSource.EVENT, new PixelBox(20, 150, 40, 40), true);
      assertRegion(regions.get("puddle"), RoiSource.EVENT, new PixelBox(200, 20, 30, 10), true);
      assertRegion(regions.get("shadow"), RoiSource.EVENT, new PixelBox(100, 200, 10, 10), true);
      // |x + 0.5 - 150.3| < 20 and |y + 0.5 - 100.6| < 20.
      assertRegion(regions.get("person"), RoiSource.SEGMENTED, new PixelBox(130, 81, 40, 40), true);
      assertRegion(regions.get("bike"), RoiSource.SEGMENTED, new PixelBox(250, 150, 40, 60), true);
      // Grid points (80|240, 60|180); only the right column predicts an IoU of 0.5 or more.
      assertRegion(regions.get("auto-1"), RoiSource.SEGMENTED, new PixelBox(220, 40, 40, 40), true);
      assertRegion(
          regions.get("auto-2"), RoiSource.SEGMENTED, new PixelBox(220, 160, 40, 40), true);
      assertThat(regions.get("auto-2").getLabel()).isEqualTo("auto");
      assertThat(segmenter.stats().encoderRuns()).isEqualTo(1);
      assertThat(t.meters.get("iqmon.stage").tag("stage", "segment").timer().count()).isEqualTo(1);
      assertThat(t.count("iqmon.regions", "source", "segmented")).isEqualTo(5);
      assertThat(t.count("iqmon.regions", "source", "event")).isEqualTo(4);
    }
  }

  @Test
  void shouldScoreEverythingElseAndSayWhyPromptsWereDroppedWithoutASegmenter() {
    try (TopologyHarness t = new TopologyHarness(FEED)) {
      t.publish(image());

      List<RegionScore> regions = t.regionScores.readValuesToList();
      ImageQuality result = t.imageQuality.readValue();

      assertThat(regions)
          .extracting(RegionScore::getRoiId)
          .containsExactly("whole", "road", "car", "sign", "puddle", "shadow");
      assertThat(result.getDroppedRois())
          .extracting(d -> d.getRoiId() + ": " + d.getSource() + ": " + d.getReason())
          .containsExactly(
              "door: SEGMENTED: point and box prompts need a segmenter, and none is configured",
              "person: SEGMENTED: point and box prompts need a segmenter, and none is configured",
              "bike: SEGMENTED: point and box prompts need a segmenter, and none is configured");
      assertThat(result.getStageMillis()).doesNotContainKey("segment");
    }
  }

  private static void assertRegion(
      RegionScore region, RoiSource source, PixelBox box, boolean masked) {
    assertThat(region.getSource()).as(region.getRoiId()).isEqualTo(source);
    assertThat(
            List.of(
                region.getBox().getX(),
                region.getBox().getY(),
                region.getBox().getWidth(),
                region.getBox().getHeight()))
        .as(region.getRoiId())
        .containsExactly(
            (double) box.x(), (double) box.y(), (double) box.width(), (double) box.height());
    assertThat(region.getAreaFraction())
        .as(region.getRoiId())
        .isEqualTo(box.area() / (double) (W * H));
    if (!masked) {
      assertThat(region.getMask()).as(region.getRoiId()).isNull();
      return;
    }
    assertThat(region.getMask().getWidth()).isEqualTo(W);
    assertThat(region.getMask().getHeight()).isEqualTo(H);
    RegionMask mask = CocoRle.decode(region.getMask().getCounts(), W, H).orElseThrow();
    assertThat(mask.bounds()).as(region.getRoiId()).isEqualTo(box);
    assertThat(mask.area()).as(region.getRoiId()).isEqualTo(box.area());
  }

  private static RegionMask rect(int x, int y, int w, int h) {
    BitSet bits = new BitSet();
    bits.set(0, w * h);
    return new RegionMask(new PixelBox(x, y, w, h), bits);
  }
}
