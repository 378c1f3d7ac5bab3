package dev.iqmon.quality.classical;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Sharpness: how much of the edge energy at the finest scale a further blur would destroy, measured
 * on the region's strongest edges. With {@code E1} the squared fine gradient (the noise's share
 * taken out) and {@code E2} the squared gradient after a Gaussian blur of {@link
 * Gradients#COARSE_SIGMA} samples, summed over the top {@link #EDGE_SHARE} of samples by coarse
 * gradient, sharpness is {@code 1 - E2 / E1}, 0..1, higher is sharper. It does not depend on edge
 * contrast: for an edge blurred by {@code s} samples {@code E2 / E1 = s / sqrt(s^2 + 2^2)}.
 *
 * <p>People judge sharpness by what is in focus, not by a soft background, so the sums are pooled
 * over the sharper half of {@value #TILE}-sample tiles only. A uniformly blurred image reads the
 * same either way.
 */
final class SharpnessMeter {

  /** Share of the region, the strongest by coarse gradient, taken as its edges. */
  static final double EDGE_SHARE = 0.1;

  static final int TILE = 32;

  /** Coarse gradient, grey levels per sample, below which nothing counts as an edge. */
  private static final float EDGE_FLOOR = 1.0f;

  /** Noise alone gives coarse gradients of roughly a twentieth of its sigma; keep well above. */
  private static final double NOISE_TO_EDGE_FLOOR = 0.25;

  private static final int MIN_TILE_EDGES = 16;

  private SharpnessMeter() {}

  /** Sharpness 0..1, or NaN when the region has no edges to judge it by. */
  static double measure(Gradients gradients, double noiseSigma) {
    float threshold = edgeThreshold(gradients, noiseSigma);
    int width = gradients.planes.width();
    int across = (width + TILE - 1) / TILE;
    int down = (gradients.planes.height() + TILE - 1) / TILE;
    double[][] tiles = new double[across * down][3];
    double noiseEnergy = noiseSigma * noiseSigma;
    for (int i = 0; i < gradients.coarse.length; i++) {
      if (gradients.usable(i) && gradients.coarse[i] >= threshold) {
        double[] tile = tiles[(i / width / TILE) * across + (i % width) / TILE];
        tile[0] += gradients.fineSquared[i] - noiseEnergy;
        tile[1] += (double) gradients.coarse[i] * gradients.coarse[i];
        tile[2]++;
      }
    }
    double[][] edgy =
        Arrays.stream(tiles)
            .filter(tile -> tile[2] >= MIN_TILE_EDGES)
            .sorted(Comparator.comparingDouble(SharpnessMeter::sharpness))
            .toArray(double[][]::new);
    if (edgy.length == 0) {
      return Double.NaN;
    }
    double[] pooled = new double[3];
    for (double[] tile : Arrays.copyOfRange(edgy, edgy.length / 2, edgy.length)) {
      pooled[0] += tile[0];
      pooled[1] += tile[1];
    }
    return sharpness(pooled);
  }

  private static float edgeThreshold(Gradients gradients, double noiseSigma) {
    float[] candidates = new float[gradients.coarse.length];
    int count = 0;
    for (int i = 0; i < candidates.length; i++) {
      if (gradients.usable(i)) {
        candidates[count++] = gradients.coarse[i];
      }
    }
    float floor = (float) Math.max(EDGE_FLOOR, NOISE_TO_EDGE_FLOOR * noiseSigma);
    return Math.max(floor, Quantile.of(candidates, count, 1 - EDGE_SHARE));
  }

  /** {@code 1 - E2 / E1} of sums {@code {E1, E2, ...}}, 0 when the fine energy is no larger. */
  private static double sharpness(double[] sums) {
    return sums[0] <= sums[1] ? 0 : 1 - sums[1] / sums[0];
  }
}
