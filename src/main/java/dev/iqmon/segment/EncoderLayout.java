package dev.iqmon.segment;

/** How the image encoder wants its input. */
public enum EncoderLayout {
  /**
   * {@code [1, 3, S, S]}: resized so the longest side is S, normalised, zero-padded at the bottom
   * and right (SAM and MobileSAM encoders exported without built-in pre-processing).
   */
  PADDED,
  /**
   * {@code [h, w, 3]}: resized so the longest side is S, neither padded nor transposed; the encoder
   * pads (and usually normalises) itself (samexporter's {@code --use-preprocess}).
   */
  RESIZED_HWC,
  /** {@code [1, 3, H, W]} at the image's own size; the encoder resizes itself (EfficientSAM). */
  ORIGINAL
}
