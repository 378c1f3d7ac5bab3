package dev.iqmon.segment;

import java.util.Objects;

/**
 * The prompt decoder's side of the contract. Inputs: the image embeddings, point coordinates {@code
 * [B, P, 2]} (or {@code [1, B, P, 2]}), point labels {@code [B, P]} (1 foreground, 0 background, 2
 * and 3 box corners, −1 padding), and, when the decoder declares them, a mask input with its flag
 * and the original image size {@code [h, w]}. Outputs: mask logits per candidate and the predicted
 * IoU of each candidate. Whether the prompts may be batched, the coordinate tensors' rank and the
 * size tensor's type are read from the decoder itself.
 *
 * @param masks the mask logits: at the image's size when {@code upsampling} is {@code DECODER},
 *     low-resolution over the padded model frame when it is {@code IQMON}
 * @param pointFrame whether point coordinates are in the encoder's resized frame or in image pixels
 * @param maxPromptsPerCall the most prompts per decoder call when its prompt axis is dynamic
 * @param maskThreshold logits above this are inside the mask (0 for the SAM family)
 */
public record DecoderSpec(
    String embeddings,
    String pointCoords,
    String pointLabels,
    String maskInput,
    String hasMaskInput,
    String origImSize,
    String masks,
    String iouPredictions,
    Upsampling upsampling,
    PointFrame pointFrame,
    int maxPromptsPerCall,
    float maskThreshold) {

  /** Who brings the mask logits to the image's size. */
  public enum Upsampling {
    /** The decoder returns logits at {@code orig_im_size} (SAM's {@code masks} output). */
    DECODER,
    /** The decoder's low-resolution logits ({@code low_res_masks}) are upsampled by iqmon. */
    IQMON
  }

  /** The frame point coordinates are given in. */
  public enum PointFrame {
    /** The encoder's resized frame, longest side S (SAM, MobileSAM). */
    MODEL,
    /** The image's own pixels (EfficientSAM). */
    IMAGE
  }

  public DecoderSpec {
    for (String name : new String[] {embeddings, pointCoords, pointLabels, masks, iouPredictions}) {
      Objects.requireNonNull(name, "decoder tensor name");
    }
    Objects.requireNonNull(upsampling, "upsampling");
    Objects.requireNonNull(pointFrame, "pointFrame");
    if (maxPromptsPerCall < 1) {
      throw new IllegalArgumentException(
          "max prompts per decoder call must be at least 1, got " + maxPromptsPerCall);
    }
  }

  /** The SAM and MobileSAM exports' names; the decoder upsamples; 16 prompts per call at most. */
  public static DecoderSpec sam() {
    return new DecoderSpec(
        "image_embeddings",
        "point_coords",
        "point_labels",
        "mask_input",
        "has_mask_input",
        "orig_im_size",
        "masks",
        "iou_predictions",
        Upsampling.DECODER,
        PointFrame.MODEL,
        16,
        0f);
  }
}
