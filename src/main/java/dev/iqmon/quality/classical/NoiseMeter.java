package dev.iqmon.quality.classical;

/**
 * Noise level: Immerkær's fast estimate of the standard deviation of white noise (Immerkær 1996,
 * "Fast noise variance estimation"), {@code sqrt(pi/2) / 6 * mean|N * I|}, taken over the flattest
 * half of the region only (lowest coarse gradient) so that edges and shading do not count as noise,
 * and away from clipped tones where noise cannot show. The sigma of the luma noise in grey levels
 * (0..255) at working scale; independent noise of sigma {@code s} on each of R, G and B shows in
 * luma as {@code 0.67 s}.
 */
final class NoiseMeter {

  /** Share of the region, the flattest by coarse gradient, where noise is measured. */
  static final double FLAT_SHARE = 0.5;

  private static final double IMMERKAER = Math.sqrt(Math.PI / 2) / 6;
  private static final float DARKEST = 8;
  private static final float BRIGHTEST = 247;
  private static final int MIN_SAMPLES = 64;

  private NoiseMeter() {}

  /** The noise sigma in grey levels; 0 when the region has too few unclipped samples. */
  static double measure(Gradients gradients) {
    float[] luma = gradients.planes.luma();
    float[] candidates = new float[luma.length];
    int count = 0;
    for (int i = 0; i < luma.length; i++) {
      if (measurable(gradients, i)) {
        candidates[count++] = gradients.coarse[i];
      }
    }
    if (count < MIN_SAMPLES) {
      return 0;
    }
    float flatness = Quantile.of(candidates, count, FLAT_SHARE);
    double sum = 0;
    int flat = 0;
    for (int i = 0; i < luma.length; i++) {
      if (measurable(gradients, i) && gradients.coarse[i] <= flatness) {
        sum += Math.abs(gradients.residual[i]);
        flat++;
      }
    }
    return IMMERKAER * sum / flat;
  }

  private static boolean measurable(Gradients gradients, int i) {
    float level = gradients.planes.luma()[i];
    return level > DARKEST && level < BRIGHTEST && gradients.usable(i);
  }
}
