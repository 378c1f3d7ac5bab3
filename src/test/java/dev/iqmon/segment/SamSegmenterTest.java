package dev.iqmon.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.Device;
import dev.iqmon.roi.ModelFrame;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.RoiSegmenter;
import dev.iqmon.roi.RoiShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamSegmenterTest {

  private static final int SIDE = 64;

  @TempDir Path dir;

  private SamSegmenter open(EncoderLayout layout, TinySam.Decoder decoder, SamContract contract)
      throws IOException {
    return SamSegmenter.open(
        TinySam.encoder(dir, layout, decoder.side(), 8),
        TinySam.decoder(dir, decoder),
        contract,
        AutomaticMaskSettings.defaults(),
        Device.CPU);
  }

  private static SamContract sam(int side, int maxPrompts) {
    EncoderSpec e = EncoderSpec.sam();
    DecoderSpec d = DecoderSpec.sam();
    return new SamContract(
        new EncoderSpec(e.input(), e.output(), e.layout(), side, e.mean(), e.std()),
        new DecoderSpec(
            d.embeddings(),
            d.pointCoords(),
            d.pointLabels(),
            d.maskInput(),
            d.hasMaskInput(),
            d.origImSize(),
            d.masks(),
            d.iouPredictions(),
            d.upsampling(),
            d.pointFrame(),
            maxPrompts,
            d.maskThreshold()));
  }

  static RgbImage grey(int width, int height) {
    int[] pixels = new int[width * height];
    Arrays.fill(pixels, 0x808080);
    return new RgbImage(width, height, pixels);
  }

  static RoiShape.Prompt box(double x, double y, double w, double h) {
    return new RoiShape.Prompt(new RoiShape.Box(x, y, w, h, false), List.of());
  }

  static RoiShape.Prompt points(double... xy) {
    List<RoiShape.PromptPoint> points = new ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      points.add(new RoiShape.PromptPoint(xy[i], xy[i + 1], true));
    }
    return new RoiShape.Prompt(null, points);
  }

  /** The pixels a tiny decoder puts inside for a region {@code [x0, y0, x1, y1]} of the frame. */
  static boolean insideFrameRegion(
      int x, int y, ModelFrame f, double[] region, boolean modelFrame) {
    double cx = (x + 0.5) * (modelFrame ? f.scaleX() : 1);
    double cy = (y + 0.5) * (modelFrame ? f.scaleY() : 1);
    return cx > region[0] && cx < region[2] && cy > region[1] && cy < region[3];
  }

  /** The region of foreground points: squares of half-side {@link TinySam#RADIUS} around each. */
  static double[] pointsRegion(ModelFrame f, boolean modelFrame, double... xy) {
    double[] r = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < xy.length; i += 2) {
      double[] p = modelFrame ? f.toModel(xy[i], xy[i + 1]) : new double[] {xy[i], xy[i + 1]};
      r[0] = Math.min(r[0], p[0] - TinySam.RADIUS);
      r[1] = Math.min(r[1], p[1] - TinySam.RADIUS);
      r[2] = Math.max(r[2], p[0] + TinySam.RADIUS);
      r[3] = Math.max(r[3], p[1] + TinySam.RADIUS);
    }
    return r;
  }

  static void assertMask(
      RegionMask mask, int w, int h, java.util.function.BiPredicate<Integer, Integer> inside) {
    long expectedArea = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean in = inside.test(x, y);
        expectedArea += in ? 1 : 0;
        assertThat(mask.contains(x, y)).as("(%d, %d)", x, y).isEqualTo(in);
      }
    }
    assertThat(mask.area()).isEqualTo(expectedArea);
  }

  @ParameterizedTest
  @CsvSource({"301, 199", "199, 301"})
  void shouldMaskExactlyThePixelsInsideABoxPrompt(int w, int h) throws IOException {
    try (SamSegmenter s = open(EncoderLayout.PADDED, TinySam.Decoder.sam(SIDE), sam(SIDE, 16))) {
      RoiSegmenter.Segmentation found = s.segment(grey(w, h), List.of(box(40, 30, 100, 61)), false);

      RegionMask mask = found.masks().get(0).orElseThrow();
      assertThat(mask.bounds()).isEqualTo(new PixelBox(40, 30, 100, 61));
      assertThat(mask.area()).isEqualTo(100 * 61);
      assertThat(found.automatic()).isEmpty();
    }
  }

  @Test
  void shouldMaskAroundForegroundPointsMappedIntoTheModelFrame() throws IOException {
    ModelFrame frame = new ModelFrame(301, 199, SIDE);
    RoiShape.Prompt withBackground =
        new RoiShape.Prompt(
            null,
            List.of(
                new RoiShape.PromptPoint(100.3, 50.7, true),
                new RoiShape.PromptPoint(10, 10, false)));
    try (SamSegmenter s = open(EncoderLayout.PADDED, TinySam.Decoder.sam(SIDE), sam(SIDE, 16))) {
      List<Optional<RegionMask>> masks =
          s.segment(
                  grey(301, 199),
                  List.of(points(100.3, 50.7), points(60, 40, 200.5, 150), withBackground),
                  false)
              .masks();

      double[] one = pointsRegion(frame, true, 100.3, 50.7);
      double[] two = pointsRegion(frame, true, 60, 40, 200.5, 150);
      assertMask(
          masks.get(0).orElseThrow(),
          301,
          199,
          (x, y) -> insideFrameRegion(x, y, frame, one, true));
      assertMask(
          masks.get(1).orElseThrow(),
          301,
          199,
          (x, y) -> insideFrameRegion(x, y, frame, two, true));
      assertMask(
          masks.get(2).orElseThrow(),
          301,
          199,
          (x, y) -> insideFrameRegion(x, y, frame, one, true));
    }
  }

  @Test
  void shouldFindNoMaskForOnlyBackgroundPoints() throws IOException {
    RoiShape.Prompt background =
        new RoiShape.Prompt(null, List.of(new RoiShape.PromptPoint(50, 50, false)));
    try (SamSegmenter s = open(EncoderLayout.PADDED, TinySam.Decoder.sam(SIDE), sam(SIDE, 16))) {
      assertThat(s.segment(grey(100, 100), List.of(background), false).masks())
          .containsExactly(Optional.empty());
    }
  }

  @Test
  void shouldEncodeEachImageOnceAndBatchPromptsOfEqualPointCount() throws IOException {
    List<RoiShape.Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      prompts.add(box(10 + 20 * i, 10, 15, 30 + i));
    }
    prompts.add(points(150, 100));
    for (int i = 0; i < 3; i++) {
      prompts.add(points(20 + 50 * i, 150, 40 + 50 * i, 160));
    }
    try (SamSegmenter s = open(EncoderLayout.PADDED, TinySam.Decoder.sam(SIDE), sam(SIDE, 4))) {
      List<Optional<RegionMask>> masks = s.segment(grey(301, 199), prompts, false).masks();

      // Boxes and a single point (+ padding) have 2 points: 6 prompts, 2 calls; pairs: 1 call.
      assertThat(s.stats().encoderRuns()).isEqualTo(1);
      assertThat(s.stats().decoderRuns()).isEqualTo(3);
      assertThat(s.stats().prompts()).isEqualTo(9);
      for (int i = 0; i < 5; i++) {
        assertThat(masks.get(i).orElseThrow().bounds())
            .isEqualTo(new PixelBox(10 + 20 * i, 10, 15, 30 + i));
      }
      ModelFrame frame = new ModelFrame(301, 199, SIDE);
      double[] pair = pointsRegion(frame, true, 120, 150, 140, 160);
      assertMask(
          masks.get(8).orElseThrow(),
          301,
          199,
          (x, y) -> insideFrameRegion(x, y, frame, pair, true));
    }
  }

  @Test
  void shouldDecodeOnePromptPerCallWhenTheDecodersPromptAxisIsFixed() throws IOException {
    TinySam.Decoder fixed = TinySam.Decoder.sam(SIDE).withFixedBatch();
    try (SamSegmenter s = open(EncoderLayout.PADDED, fixed, sam(SIDE, 16))) {
      List<Optional<RegionMask>> masks =
          s.segment(
                  grey(120, 90),
                  List.of(box(0, 0, 10, 10), box(20, 20, 30, 40), box(60, 5, 7, 9)),
                  false)
              .masks();

      assertThat(s.stats().decoderRuns()).isEqualTo(3);
      assertThat(masks.get(1).orElseThrow().bounds()).isEqualTo(new PixelBox(20, 20, 30, 40));
      assertThat(masks.get(2).orElseThrow().bounds()).isEqualTo(new PixelBox(60, 5, 7, 9));
    }
  }

  @Test
  void shouldFeedTheEncoderTheResizedNormalisedImagePaddedAtBottomAndRight() throws IOException {
    int[] pixels = new int[48 * 32];
    Arrays.fill(pixels, (200 << 16) | (100 << 8) | 50);
    try (SamSegmenter s = open(EncoderLayout.PADDED, TinySam.Decoder.sam(SIDE), sam(SIDE, 16))) {
      ImageEmbedding e = s.embed(new RgbImage(48, 32, pixels));

      // 48x32 becomes 64x43; 8x8 cells: rows 0-4 full, row 5 holds 3 rows of image, 6-7 padding.
      assertThat(e.shape()).containsExactly(1, 3, 8, 8);
      float[] mean = EncoderSpec.sam().mean();
      float[] std = EncoderSpec.sam().std();
      int[] rgb = {200, 100, 50};
      for (int c = 0; c < 3; c++) {
        float v = (rgb[c] - mean[c]) / std[c];
        for (int j = 0; j < 8; j++) {
          assertThat(e.get(c * 64 + 4 * 8 + j)).isCloseTo(v, within(1e-4f));
          assertThat(e.get(c * 64 + 5 * 8 + j)).isCloseTo(v * 3 / 8, within(1e-4f));
          assertThat(e.get(c * 64 + 6 * 8 + j)).isCloseTo(0f, within(1e-6f));
        }
      }
    }
  }

  @Test
  void shouldUpsampleLowResolutionMasksAsTheDecoderWould() throws IOException {
    DecoderSpec d = DecoderSpec.sam();
    SamContract lowRes =
        new SamContract(
            EncoderSpec.sam(),
            new DecoderSpec(
                d.embeddings(),
                d.pointCoords(),
                d.pointLabels(),
                d.maskInput(),
                d.hasMaskInput(),
                d.origImSize(),
                "low_res_masks",
                d.iouPredictions(),
                DecoderSpec.Upsampling.IQMON,
                d.pointFrame(),
                16,
                0f));
    try (SamSegmenter s = open(EncoderLayout.PADDED, TinySam.Decoder.sam(1024), lowRes)) {
      RegionMask mask =
          s.segment(grey(600, 400), List.of(box(100, 80, 300, 200)), false)
              .masks()
              .get(0)
              .orElseThrow();

      // Away from the corners (where the region's distance function bends within a low-res cell)
      // the upsampled logits equal the decoder's own, so the mask is the box exactly.
      int corner = 8;
      long differing = 0;
      for (int y = 0; y < 400; y++) {
        for (int x = 0; x < 600; x++) {
          boolean inBox = x >= 100 && x < 400 && y >= 80 && y < 280;
          if (mask.contains(x, y) != inBox) {
            differing++;
            boolean nearCorner =
                (Math.abs(x - 100) < corner || Math.abs(x - 400) < corner)
                    && (Math.abs(y - 80) < corner || Math.abs(y - 280) < corner);
            assertThat(nearCorner).as("(%d, %d) differs far from a corner", x, y).isTrue();
          }
        }
      }
      assertThat(differing).isLessThan(4 * corner * corner);
    }
  }

  @Test
  void shouldSpeakEfficientSamsSplitContract() throws IOException {
    SamContract efficient =
        new SamContract(
            new EncoderSpec(
                "batched_images",
                "image_embeddings",
                EncoderLayout.ORIGINAL,
                1024,
                new float[] {0, 0, 0},
                new float[] {255, 255, 255}),
            new DecoderSpec(
                "image_embeddings",
                "batched_point_coords",
                "batched_point_labels",
                null,
                null,
                "orig_im_size",
                "output_masks",
                "iou_predictions",
                DecoderSpec.Upsampling.DECODER,
                DecoderSpec.PointFrame.IMAGE,
                16,
                0f));
    TinySam.Decoder decoder = TinySam.Decoder.efficientSam();
    try (SamSegmenter s =
        SamSegmenter.open(
            TinySam.encoder(dir, EncoderLayout.ORIGINAL, 1024, 1),
            TinySam.decoder(dir, decoder),
            efficient,
            AutomaticMaskSettings.defaults(),
            Device.CPU)) {
      List<Optional<RegionMask>> masks =
          s.segment(grey(211, 157), List.of(box(20, 30, 40, 50), points(100.2, 80.9)), false)
              .masks();

      // Of three candidates (shrunk, exact, grown) the exact one predicts the highest IoU.
      assertThat(masks.get(0).orElseThrow().bounds()).isEqualTo(new PixelBox(20, 30, 40, 50));
      ModelFrame frame = new ModelFrame(211, 157, 1024);
      double[] square = pointsRegion(frame, false, 100.2, 80.9);
      assertMask(
          masks.get(1).orElseThrow(),
          211,
          157,
          (x, y) -> insideFrameRegion(x, y, frame, square, false));
      assertThat(s.stats().decoderRuns()).isEqualTo(1);
    }
  }

  @Test
  void shouldChooseTheCandidateWithTheHighestPredictedIou() throws IOException {
    try (SamSegmenter s =
        open(EncoderLayout.PADDED, TinySam.Decoder.sam(SIDE).withCandidates(), sam(SIDE, 16))) {
      RegionMask mask =
          s.segment(grey(301, 199), List.of(box(40, 30, 100, 61)), false)
              .masks()
              .get(0)
              .orElseThrow();

      assertThat(mask.bounds()).isEqualTo(new PixelBox(40, 30, 100, 61));
    }
  }

  @Test
  void shouldFindAutomaticMasksThatPassTheFilters() throws IOException {
    // A 4x4 grid on 400x400: squares of half-side 25 px around (50|150|250|350, ...); the predicted
    // IoU is x / 400 in the model frame: 0.125, 0.375, 0.625, 0.875 by column.
    AutomaticMaskSettings settings = new AutomaticMaskSettings(4, 0.5, 0.8, 1f, 0.7, 0.001, 5);
    try (SamSegmenter s =
        SamSegmenter.open(
            TinySam.encoder(dir, EncoderLayout.PADDED, SIDE, 8),
            TinySam.decoder(dir, TinySam.Decoder.sam(SIDE)),
            sam(SIDE, 16),
            settings,
            Device.CPU)) {
      List<RegionMask> found = s.segment(grey(400, 400), List.of(), true).automatic();

      assertThat(found)
          .extracting(RegionMask::bounds)
          .containsExactly(
              new PixelBox(325, 25, 50, 50),
              new PixelBox(325, 125, 50, 50),
              new PixelBox(325, 225, 50, 50),
              new PixelBox(325, 325, 50, 50),
              new PixelBox(225, 25, 50, 50));
      assertThat(s.stats().encoderRuns()).isEqualTo(1);
    }
  }

  @Test
  void shouldDropAutomaticMasksLessStableThanTheThreshold() throws IOException {
    // The squares' logits rise 8 per model pixel: the area above +1 is about 0.88 of that above -1.
    AutomaticMaskSettings strict = new AutomaticMaskSettings(4, 0.5, 0.95, 1f, 0.7, 0.001, 5);
    try (SamSegmenter s =
        SamSegmenter.open(
            TinySam.encoder(dir, EncoderLayout.PADDED, SIDE, 8),
            TinySam.decoder(dir, TinySam.Decoder.sam(SIDE)),
            sam(SIDE, 16),
            strict,
            Device.CPU)) {
      assertThat(s.segment(grey(400, 400), List.of(), true).automatic()).isEmpty();
    }
  }

  @Test
  void shouldNameTheMissingTensorWhenTheFilesDoNotMatchTheContract() throws IOException {
    DecoderSpec d = DecoderSpec.sam();
    SamContract wrong =
        new SamContract(
            EncoderSpec.sam(),
            new DecoderSpec(
                d.embeddings(),
                "coords",
                d.pointLabels(),
                d.maskInput(),
                d.hasMaskInput(),
                d.origImSize(),
                d.masks(),
                d.iouPredictions(),
                d.upsampling(),
                d.pointFrame(),
                16,
                0f));

    assertThatThrownBy(() -> open(EncoderLayout.PADDED, TinySam.Decoder.sam(1024), wrong))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the decoder has no input named 'coords'");
    assertThatThrownBy(
            () -> open(EncoderLayout.PADDED, TinySam.Decoder.sam(SIDE), SamContract.sam()))
        .hasMessageContaining("the configured input size is 1024");
  }
}
