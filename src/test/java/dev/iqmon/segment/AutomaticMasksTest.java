package dev.iqmon.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.RoiShape;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutomaticMasksTest {

  private static final long PIXELS = 100 * 100;

  private static SegmentedMask candidate(PixelBox box, double iou, double stability) {
    BitSet bits = new BitSet();
    bits.set(0, (int) box.area());
    return new SegmentedMask(Optional.of(new RegionMask(box, bits)), iou, stability);
  }

  private static AutomaticMaskSettings settings(int maxMasks) {
    return new AutomaticMaskSettings(4, 0.8, 0.9, 1f, 0.5, 0.01, maxMasks);
  }

  @Test
  void shouldPromptTheCentreOfEachGridCell() {
    List<RoiShape.Prompt> grid = AutomaticMasks.grid(2, 100, 50);

    assertThat(grid)
        .extracting(p -> p.points().get(0))
        .containsExactly(
            new RoiShape.PromptPoint(25, 12.5, true),
            new RoiShape.PromptPoint(75, 12.5, true),
            new RoiShape.PromptPoint(25, 37.5, true),
            new RoiShape.PromptPoint(75, 37.5, true));
    assertThat(grid).allMatch(p -> p.box() == null);
  }

  @Test
  void shouldKeepConfidentStableLargeMasksBestFirst() {
    List<SegmentedMask> candidates =
        List.of(
            candidate(new PixelBox(0, 0, 20, 20), 0.85, 0.95),
            candidate(new PixelBox(50, 50, 20, 20), 0.79, 0.99), // predicted IoU too low
            candidate(new PixelBox(50, 0, 20, 20), 0.95, 0.89), // not stable enough
            candidate(new PixelBox(0, 50, 5, 5), 0.99, 0.99), // 25 px < 1% of the image
            candidate(new PixelBox(70, 70, 20, 20), 0.90, 0.92),
            new SegmentedMask(Optional.empty(), 0.99, 0.99));

    List<RegionMask> kept = AutomaticMasks.select(candidates, settings(10), PIXELS);

    assertThat(kept)
        .extracting(RegionMask::bounds)
        .containsExactly(new PixelBox(70, 70, 20, 20), new PixelBox(0, 0, 20, 20));
  }

  @Test
  void shouldSuppressAMaskThatOverlapsABetterOne() {
    List<SegmentedMask> candidates =
        List.of(
            candidate(new PixelBox(0, 0, 20, 20), 0.85, 0.95),
            candidate(new PixelBox(2, 2, 20, 20), 0.90, 0.95), // IoU 324/476 = 0.68 with the first
            candidate(
                new PixelBox(10, 0, 20, 20), 0.88, 0.95)); // IoU 216/584 = 0.37 with the second

    List<RegionMask> kept = AutomaticMasks.select(candidates, settings(10), PIXELS);

    assertThat(kept)
        .extracting(RegionMask::bounds)
        .containsExactly(new PixelBox(2, 2, 20, 20), new PixelBox(10, 0, 20, 20));
  }

  @Test
  void shouldStopAtTheMaximumCount() {
    List<SegmentedMask> candidates =
        List.of(
            candidate(new PixelBox(0, 0, 20, 20), 0.81, 0.95),
            candidate(new PixelBox(40, 0, 20, 20), 0.83, 0.95),
            candidate(new PixelBox(80, 0, 20, 20), 0.82, 0.95));

    List<RegionMask> kept = AutomaticMasks.select(candidates, settings(2), PIXELS);

    assertThat(kept)
        .extracting(RegionMask::bounds)
        .containsExactly(new PixelBox(40, 0, 20, 20), new PixelBox(80, 0, 20, 20));
  }
}
