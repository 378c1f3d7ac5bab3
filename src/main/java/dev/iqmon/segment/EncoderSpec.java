package dev.iqmon.segment;

import java.util.Objects;

/**
 * The image encoder's side of the contract: its input and output tensor names, the input layout,
 * the model side S (1024 for the SAM family), and the per-channel mean and standard deviation (in
 * 0..255 units, RGB) applied to every pixel before it goes in.
 */
public record EncoderSpec(
    String input, String output, EncoderLayout layout, int inputSize, float[] mean, float[] std) {

  public EncoderSpec {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(layout, "layout");
    if (inputSize <= 0) {
      throw new IllegalArgumentException("encoder input size must be positive, got " + inputSize);
    }
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need one value per RGB channel");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be positive");
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** SAM's and MobileSAM's: {@code input_image} padded to 1024, ImageNet mean and std. */
  public static EncoderSpec sam() {
    return new EncoderSpec(
        "input_image",
        "image_embeddings",
        EncoderLayout.PADDED,
        1024,
        new float[] {123.675f, 116.28f, 103.53f},
        new float[] {58.395f, 57.12f, 57.375f});
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
