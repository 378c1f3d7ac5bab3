package dev.iqmon.roi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoiPlannerTest {

  private static final RgbImage IMAGE = new RgbImage(100, 80, new int[100 * 80]);

  /** Answers each prompt with its box as a mask (none without a box) and fixed automatic masks. */
  static final class FakeSegmenter implements RoiSegmenter {
    final List<List<RoiShape.Prompt>> calls = new ArrayList<>();
    final List<Boolean> automaticAsked = new ArrayList<>();
    List<RegionMask> automatic = List.of(box(0, 0, 10, 10), box(50, 50, 20, 20));
    RuntimeException failure;

    @Override
    public Segmentation segment(RgbImage image, List<RoiShape.Prompt> prompts, boolean auto) {
      calls.add(prompts);
      automaticAsked.add(auto);
      if (failure != null) {
        throw failure;
      }
      List<Optional<RegionMask>> masks = new ArrayList<>();
      for (RoiShape.Prompt p : prompts) {
        RoiShape.Box b = p.box();
        masks.add(
            b == null
                ? Optional.empty()
                : Optional.of(box((int) b.x(), (int) b.y(), (int) b.width(), (int) b.height())));
      }
      return new Segmentation(masks, auto ? automatic : List.of());
    }
  }

  static RegionMask box(int x, int y, int w, int h) {
    BitSet bits = new BitSet();
    bits.set(0, w * h);
    return new RegionMask(new PixelBox(x, y, w, h), bits);
  }

  private static RoiRequest request(String id, RoiOrigin source, RoiShape shape) {
    return new RoiRequest(id, id, source, shape);
  }

  private static RoiShape.Prompt prompt(RoiShape.Box box, RoiShape.PromptPoint... points) {
    return new RoiShape.Prompt(box, List.of(points));
  }

  private static List<RoiRequest> everySource() {
    RgbImage maskImage = new RgbImage(100, 80, new int[100 * 80]);
    maskImage.pixels()[5 * 100 + 7] = 0xffffff;
    return List.of(
        request("road", RoiOrigin.STATIC, new RoiShape.Box(0, 0.5, 1, 0.5, true)),
        request(
            "sign",
            RoiOrigin.EVENT,
            new RoiShape.Polygon(List.of(new double[][] {{10, 10}, {30, 10}, {30, 30}}), false)),
        request("png", RoiOrigin.EVENT, new RoiShape.PngMask(ImageEncoder.png(maskImage))),
        request(
            "rle",
            RoiOrigin.EVENT,
            new RoiShape.Rle(100, 80, CocoRle.encode(box(40, 40, 2, 3), 100, 80))),
        request(
            "car",
            RoiOrigin.SEGMENTED,
            prompt(
                new RoiShape.Box(0.2, 0.25, 0.3, 0.5, true),
                new RoiShape.PromptPoint(40, 30, true))),
        request("auto", RoiOrigin.SEGMENTED, new RoiShape.Automatic()));
  }

  @Test
  void shouldPlaceEverySourceInRequestOrderAfterTheWholeFrame() {
    RoiPlan plan =
        new RoiPlanner(RoiLimits.perImage(32), Optional.of(new FakeSegmenter()))
            .plan(IMAGE, everySource());

    assertThat(plan.dropped()).isEmpty();
    assertThat(plan.rois())
        .extracting(Roi::id)
        .containsExactly("whole", "road", "sign", "png", "rle", "car", "auto-1", "auto-2");
    assertThat(plan.rois())
        .extracting(Roi::source)
        .containsExactly(
            RoiOrigin.WHOLE,
            RoiOrigin.STATIC,
            RoiOrigin.EVENT,
            RoiOrigin.EVENT,
            RoiOrigin.EVENT,
            RoiOrigin.SEGMENTED,
            RoiOrigin.SEGMENTED,
            RoiOrigin.SEGMENTED);
    assertThat(plan.rois().get(3).box()).isEqualTo(new PixelBox(7, 5, 1, 1));
    assertThat(plan.rois().get(4).area()).isEqualTo(6);
    assertThat(plan.rois().get(5).box()).isEqualTo(new PixelBox(20, 20, 30, 40));
    assertThat(plan.rois().get(7).label()).isEqualTo("auto");
  }

  @Test
  void shouldAskTheSegmenterOnceForAllPromptsInImagePixels() {
    FakeSegmenter segmenter = new FakeSegmenter();

    new RoiPlanner(RoiLimits.perImage(32), Optional.of(segmenter)).plan(IMAGE, everySource());

    assertThat(segmenter.calls).hasSize(1);
    assertThat(segmenter.automaticAsked).containsExactly(true);
    RoiShape.Prompt asked = segmenter.calls.get(0).get(0);
    assertThat(asked.box()).isEqualTo(new RoiShape.Box(20, 20, 30, 40, false));
    assertThat(asked.points()).containsExactly(new RoiShape.PromptPoint(40, 30, true));
  }

  @Test
  void shouldNotCallTheSegmenterForAnImageWithoutPrompts() {
    FakeSegmenter segmenter = new FakeSegmenter();

    RoiPlan plan =
        new RoiPlanner(RoiLimits.perImage(32), Optional.of(segmenter))
            .plan(IMAGE, everySource().subList(0, 2));

    assertThat(segmenter.calls).isEmpty();
    assertThat(plan.segmentMillis()).isZero();
  }

  @Test
  void shouldDropPromptsAndAutomaticMasksWithTheReasonWhenNoSegmenterIsConfigured() {
    RoiPlan plan = new RoiPlanner(32).plan(IMAGE, everySource());

    assertThat(plan.rois())
        .extracting(Roi::id)
        .containsExactly("whole", "road", "sign", "png", "rle");
    assertThat(plan.dropped())
        .containsExactly(
            new DroppedRegion(
                "car",
                RoiOrigin.SEGMENTED,
                "point and box prompts need a segmenter, and none is configured"),
            new DroppedRegion(
                "auto",
                RoiOrigin.SEGMENTED,
                "automatic masks need a segmenter, and none is configured"));
  }

  @Test
  void shouldKeepTheSourceLabelAndConfidenceOfADetectedBoxOnTheMaskItPrompted() {
    FakeSegmenter segmenter = new FakeSegmenter();
    RoiShape.Box box = new RoiShape.Box(10, 20, 30, 40, false);
    RoiRequest detected = new RoiRequest("face-1", "face", RoiOrigin.DETECTED, prompt(box), 0.87);

    RoiPlan plan =
        new RoiPlanner(RoiLimits.perImage(32), Optional.of(segmenter))
            .plan(IMAGE, List.of(detected));

    Roi face = plan.rois().get(1);
    assertThat(face.id()).isEqualTo("face-1");
    assertThat(face.label()).isEqualTo("face");
    assertThat(face.source()).isEqualTo(RoiOrigin.DETECTED);
    assertThat(face.confidence()).isEqualTo(0.87);
    assertThat(face.mask()).isNotNull();
    assertThat(segmenter.calls.get(0)).containsExactly(prompt(box));
  }

  @Test
  void shouldPlaceADetectedBoxAsItsRegionWithoutASegmenter() {
    RoiRequest detected =
        new RoiRequest(
            "car-1", "car", RoiOrigin.DETECTED, new RoiShape.Box(10, 20, 30, 40, false), 0.6);

    Roi car = new RoiPlanner(32).plan(IMAGE, List.of(detected)).rois().get(1);

    assertThat(car.box()).isEqualTo(new PixelBox(10, 20, 30, 40));
    assertThat(car.mask()).isNull();
    assertThat(car.confidence()).isEqualTo(0.6);
  }

  @Test
  void shouldDropAPromptWhoseMaskIsEmptyAndOneThatLeavesTheImage() {
    FakeSegmenter segmenter = new FakeSegmenter();
    List<RoiRequest> requests =
        List.of(
            request(
                "nothing", RoiOrigin.SEGMENTED, prompt(null, new RoiShape.PromptPoint(5, 5, true))),
            request(
                "outside",
                RoiOrigin.SEGMENTED,
                prompt(null, new RoiShape.PromptPoint(150, 5, true))));

    RoiPlan plan =
        new RoiPlanner(RoiLimits.perImage(32), Optional.of(segmenter)).plan(IMAGE, requests);

    assertThat(plan.rois()).extracting(Roi::id).containsExactly("whole");
    assertThat(plan.dropped())
        .extracting(DroppedRegion::reason)
        .containsExactly(
            "the segmenter found no mask for the prompt",
            "prompt point (150.0, 5.0) lies outside the 100x80 image");
    assertThat(segmenter.calls.get(0)).hasSize(1);
  }

  @Test
  void shouldDropTheSegmentedRegionsButScoreTheRestWhenTheSegmenterFails() {
    FakeSegmenter segmenter = new FakeSegmenter();
    segmenter.failure = new SegmentationException("the prompt decoder failed: boom", null);

    RoiPlan plan =
        new RoiPlanner(RoiLimits.perImage(32), Optional.of(segmenter)).plan(IMAGE, everySource());

    assertThat(plan.rois()).hasSize(5);
    assertThat(plan.dropped())
        .extracting(DroppedRegion::reason)
        .containsOnly("the segmenter failed: the prompt decoder failed: boom");
    assertThat(plan.dropped()).extracting(DroppedRegion::id).containsExactly("car", "auto");
  }

  @Test
  void shouldApplyThePerSourceLimitThenThePerImageLimitInRequestOrder() {
    RoiLimits limits = new RoiLimits(5, Map.of(RoiOrigin.SEGMENTED, 2));

    RoiPlan plan =
        new RoiPlanner(limits, Optional.of(new FakeSegmenter())).plan(IMAGE, everySource());

    assertThat(plan.rois())
        .extracting(Roi::id)
        .containsExactly("whole", "road", "sign", "png", "rle");
    assertThat(plan.dropped())
        .containsExactly(
            new DroppedRegion("car", RoiOrigin.SEGMENTED, "over the limit of 5 ROIs per image"),
            new DroppedRegion("auto-1", RoiOrigin.SEGMENTED, "over the limit of 5 ROIs per image"),
            new DroppedRegion("auto-2", RoiOrigin.SEGMENTED, "over the limit of 5 ROIs per image"));

    RoiPlan roomy =
        new RoiPlanner(
                new RoiLimits(32, Map.of(RoiOrigin.SEGMENTED, 2)), Optional.of(new FakeSegmenter()))
            .plan(IMAGE, everySource());

    assertThat(roomy.rois()).extracting(Roi::id).endsWith("car", "auto-1");
    assertThat(roomy.dropped())
        .containsExactly(
            new DroppedRegion(
                "auto-2", RoiOrigin.SEGMENTED, "over the limit of 2 SEGMENTED ROIs per image"));
  }

  @Test
  void shouldDropARepeatedIdButKeepTheFirst() {
    List<RoiRequest> requests =
        List.of(
            request("a", RoiOrigin.EVENT, new RoiShape.Box(0, 0, 10, 10, false)),
            request("a", RoiOrigin.EVENT, new RoiShape.Box(20, 20, 10, 10, false)),
            request("whole", RoiOrigin.EVENT, new RoiShape.Box(0, 0, 5, 5, false)));

    RoiPlan plan = new RoiPlanner(32).plan(IMAGE, requests);

    assertThat(plan.rois()).extracting(Roi::box).contains(new PixelBox(0, 0, 10, 10));
    assertThat(plan.dropped())
        .extracting(DroppedRegion::reason)
        .containsExactly("duplicate ROI id 'a'", "duplicate ROI id 'whole'");
  }

  @Test
  void shouldPlaceAutomaticMasksAfterEveryAskedForRegion() {
    List<RoiRequest> requests =
        List.of(
            request("auto", RoiOrigin.SEGMENTED, new RoiShape.Automatic()),
            request("car", RoiOrigin.EVENT, new RoiShape.Box(0, 0, 10, 10, false)));

    RoiPlan plan =
        new RoiPlanner(RoiLimits.perImage(3), Optional.of(new FakeSegmenter()))
            .plan(IMAGE, requests);

    assertThat(plan.rois()).extracting(Roi::id).containsExactly("whole", "car", "auto-1");
    assertThat(plan.dropped()).extracting(DroppedRegion::id).containsExactly("auto-2");
  }

  @Test
  void shouldNotTimeASegmenterThatIsNotThere() {
    RoiPlan plan = new RoiPlanner(32).plan(IMAGE, everySource());

    assertThat(plan.segmentMillis()).isZero();
  }
}
