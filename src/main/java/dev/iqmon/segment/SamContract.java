package dev.iqmon.segment;

import java.util.Objects;

/** Both halves of a promptable segmenter's ONNX contract. */
public record SamContract(EncoderSpec encoder, DecoderSpec decoder) {

  public SamContract {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    if (encoder.layout() == EncoderLayout.ORIGINAL
        && decoder.upsampling() == DecoderSpec.Upsampling.IQMON) {
      throw new IllegalArgumentException(
          "iqmon upsamples low-resolution masks of the padded model frame only; an encoder that"
              + " takes the image at its own size needs a decoder that upsamples itself");
    }
  }

  public static SamContract sam() {
    return new SamContract(EncoderSpec.sam(), DecoderSpec.sam());
  }
}
