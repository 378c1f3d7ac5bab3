package dev.iqmon.segment;

import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.RoiShape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The automatic mode's prompts and filters; plain Java over the decoder's masks. */
public final class AutomaticMasks {

  private AutomaticMasks() {}

  /**
   * One foreground point at the centre of each cell of an {@code n x n} grid over the image: x at
   * {@code (i + 0.5) / n} of the width, y likewise.
   */
  public static List<RoiShape.Prompt> grid(int n, int width, int height) {
    List<RoiShape.Prompt> prompts = new ArrayList<>(n * n);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        RoiShape.PromptPoint p =
            new RoiShape.PromptPoint((i + 0.5) / n * width, (j + 0.5) / n * height, true);
        prompts.add(new RoiShape.Prompt(null, List.of(p)));
      }
    }
    return prompts;
  }

  /**
   * The masks worth keeping, best first: predicted IoU and stability at or above their thresholds,
   * large enough, then greedy non-maximum suppression by box IoU in order of predicted IoU, then
   * the count limit.
   */
  public static List<RegionMask> select(
      List<SegmentedMask> candidates, AutomaticMaskSettings settings, long imagePixels) {
    List<SegmentedMask> passing =
        candidates.stream()
            .filter(c -> c.mask().isPresent())
            .filter(c -> c.predictedIou() >= settings.predIouThreshold())
            .filter(c -> c.stability() >= settings.stabilityThreshold())
            .filter(c -> c.mask().get().area() >= settings.minAreaFraction() * imagePixels)
            .sorted(Comparator.comparingDouble(SegmentedMask::predictedIou).reversed())
            .toList();
    List<RegionMask> kept = new ArrayList<>();
    for (SegmentedMask c : passing) {
      if (kept.size() >= settings.maxMasks()) {
        break;
      }
      RegionMask mask = c.mask().get();
      boolean overlaps =
          kept.stream().anyMatch(k -> k.bounds().iou(mask.bounds()) > settings.nmsIouThreshold());
      if (!overlaps) {
        kept.add(mask);
      }
    }
    return kept;
  }
}
