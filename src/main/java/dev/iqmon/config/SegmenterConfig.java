package dev.iqmon.config;

import dev.iqmon.inference.Device;
import dev.iqmon.segment.DecoderSpec;
import dev.iqmon.segment.EncoderLayout;
import dev.iqmon.segment.EncoderSpec;
import dev.iqmon.segment.SamContract;
import java.util.List;
import java.util.Objects;

/**
 * The promptable segmenter: an image encoder and a prompt decoder behind the SAM ONNX contract, the
 * device they run on, and the automatic mode. Off unless both model paths are set; without it,
 * prompts are dropped with the reason.
 */
public record SegmenterConfig(
    SegmenterEncoderConfig encoder,
    SegmenterDecoderConfig decoder,
    Device device,
    AutomaticMasksConfig automatic) {

  public SegmenterConfig {
    Objects.requireNonNull(encoder, "segmenter.encoder");
    Objects.requireNonNull(decoder, "segmenter.decoder");
    Objects.requireNonNull(automatic, "segmenter.automatic");
    Validate.present(device, "segmenter.device");
    if ((encoder.path() == null) != (decoder.path() == null)) {
      throw new ConfigException(
          "segmenter.encoder.path and segmenter.decoder.path go together: set both or neither");
    }
    if (encoder.layout() == EncoderLayout.ORIGINAL
        && decoder.upsampling() == DecoderSpec.Upsampling.IQMON) {
      throw new ConfigException(
          "segmenter.decoder.upsampling: iqmon upsamples low-resolution masks of the padded model"
              + " frame; with segmenter.encoder.layout original the decoder must upsample itself");
    }
  }

  /** Whether a segmenter is configured. */
  public boolean enabled() {
    return encoder.path() != null;
  }

  /** The contract the segmenter's files are checked against and used by. */
  public SamContract contract() {
    SegmenterEncoderConfig e = encoder;
    SegmenterDecoderConfig d = decoder;
    return new SamContract(
        new EncoderSpec(
            e.input(),
            e.output(),
            e.layout(),
            e.inputSize(),
            floats(e.pixelMean()),
            floats(e.pixelStd())),
        new DecoderSpec(
            d.inputs().embeddings(),
            d.inputs().pointCoords(),
            d.inputs().pointLabels(),
            d.inputs().maskInput(),
            d.inputs().hasMaskInput(),
            d.inputs().origImSize(),
            d.outputs().masks(),
            d.outputs().iouPredictions(),
            d.upsampling(),
            d.pointFrame(),
            d.maxPromptsPerCall(),
            (float) d.maskThreshold()));
  }

  private static float[] floats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
