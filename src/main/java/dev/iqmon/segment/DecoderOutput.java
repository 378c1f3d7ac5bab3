package dev.iqmon.segment;

import dev.iqmon.roi.MaskLogits;
import dev.iqmon.roi.ModelFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decoder's outputs for one batch turned into one {@link SegmentedMask} per prompt: of each
 * prompt's candidate masks ({@code [..., K, h, w]}, with IoU predictions {@code [..., K]}) the one
 * with the highest predicted IoU, brought to the image's size when the decoder did not, and
 * thresholded.
 */
record DecoderOutput(float[] logits, long[] logitShape, float[] iou, long[] iouShape) {

  /**
   * @param minIou prompts whose best candidate predicts less are not thresholded (their mask is
   *     empty), which saves the automatic mode most of its work
   */
  List<SegmentedMask> masks(
      int prompts, DecoderSpec spec, ModelFrame frame, double minIou, float stabilityOffset) {
    int n = logitShape.length;
    if (n < 3 || iouShape.length < 1) {
      throw new IllegalArgumentException(
          "decoder outputs have unexpected ranks: masks " + n + ", iou " + iouShape.length);
    }
    int candidates = (int) logitShape[n - 3];
    int h = (int) logitShape[n - 2];
    int w = (int) logitShape[n - 1];
    if (iouShape[iouShape.length - 1] != candidates
        || logits.length != (long) prompts * candidates * h * w
        || iou.length != prompts * candidates) {
      throw new IllegalArgumentException(
          "decoder returned masks "
              + java.util.Arrays.toString(logitShape)
              + " and IoU "
              + java.util.Arrays.toString(iouShape)
              + " for "
              + prompts
              + " prompts");
    }
    boolean atImageSize = spec.upsampling() == DecoderSpec.Upsampling.DECODER;
    if (atImageSize && (w != frame.imageWidth() || h != frame.imageHeight())) {
      throw new IllegalArgumentException(
          "decoder returned "
              + w
              + "x"
              + h
              + " masks for a "
              + frame.imageWidth()
              + "x"
              + frame.imageHeight()
              + " image; if it returns low-resolution masks, let iqmon upsample them");
    }
    List<SegmentedMask> out = new ArrayList<>(prompts);
    for (int b = 0; b < prompts; b++) {
      int best = best(b, candidates);
      double predicted = iou[b * candidates + best];
      if (predicted < minIou) {
        out.add(new SegmentedMask(Optional.empty(), predicted, 0));
        continue;
      }
      int offset = (b * candidates + best) * h * w;
      MaskLogits.Rows rows =
          atImageSize
              ? MaskLogits.atImageSize(logits, offset, w)
              : MaskLogits.upsampled(logits, offset, w, h, frame);
      MaskLogits.Thresholded t =
          MaskLogits.threshold(
              rows, frame.imageWidth(), frame.imageHeight(), spec.maskThreshold(), stabilityOffset);
      out.add(new SegmentedMask(t.mask(), predicted, t.stability()));
    }
    return out;
  }

  private int best(int prompt, int candidates) {
    int best = 0;
    for (int k = 1; k < candidates; k++) {
      if (iou[prompt * candidates + k] > iou[prompt * candidates + best]) {
        best = k;
      }
    }
    return best;
  }
}
