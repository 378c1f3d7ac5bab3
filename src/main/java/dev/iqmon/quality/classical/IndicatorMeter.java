package dev.iqmon.quality.classical;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.Roi;

/** Measures all {@link Indicators} of one region. Stateless and thread-safe. */
final class IndicatorMeter {

  /** The frame is judged shrunk to about this many pixels, 512 x 512. */
  static final int WORKING_PIXELS = 512 * 512;

  /** A small region keeps at least this many samples on its short side. */
  static final int MIN_SIDE = 96;

  private final RegionSampler sampler = new RegionSampler(WORKING_PIXELS, MIN_SIDE);

  Indicators measure(RgbImage image, Roi roi) {
    RegionPlanes planes = sampler.sample(image, roi);
    Gradients gradients = Gradients.of(planes);
    double noise = NoiseMeter.measure(gradients);
    ToneMeter.Tone tone = ToneMeter.measure(planes);
    return new Indicators(
        SharpnessMeter.measure(gradients, noise),
        noise,
        BlockinessMeter.measure(image, roi),
        tone.clippedHighlights(),
        tone.clippedShadows(),
        tone.contrast(),
        ColorfulnessMeter.measure(image, roi),
        tone.brightness());
  }
}
