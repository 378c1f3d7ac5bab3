package dev.iqmon.quality.classical;

import dev.iqmon.image.Planes;

/**
 * The luma derivatives the sharpness and noise indicators share, at working scale: the squared
 * gradient magnitude at the finest scale (central differences), the gradient magnitude after a
 * Gaussian blur of {@link #COARSE_SIGMA} samples, and Immerkær's noise residual (the image
 * convolved with the Laplacian-difference mask {@code [1 -2 1; -2 4 -2; 1 -2 1]}). Samples on the
 * one-sample border have no value and are never {@link #usable}.
 */
final class Gradients {

  /** The blur, in working samples, that separates coarse from fine structure. */
  static final double COARSE_SIGMA = 2.0;

  final RegionPlanes planes;
  final float[] fineSquared;
  final float[] coarse;
  final float[] residual;
  private final boolean[] usable;

  private Gradients(
      RegionPlanes planes,
      float[] fineSquared,
      float[] coarse,
      float[] residual,
      boolean[] usable) {
    this.planes = planes;
    this.fineSquared = fineSquared;
    this.coarse = coarse;
    this.residual = residual;
    this.usable = usable;
  }

  static Gradients of(RegionPlanes planes) {
    int w = planes.width();
    int h = planes.height();
    float[] luma = planes.luma();
    float[] blurred = luma.clone();
    Planes.gaussianBlur(blurred, w, h, COARSE_SIGMA);
    float[] fineSquared = new float[luma.length];
    float[] coarse = new float[luma.length];
    float[] residual = new float[luma.length];
    boolean[] usable = new boolean[luma.length];
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        float gx = 0.5f * (luma[i + 1] - luma[i - 1]);
        float gy = 0.5f * (luma[i + w] - luma[i - w]);
        fineSquared[i] = gx * gx + gy * gy;
        float cx = 0.5f * (blurred[i + 1] - blurred[i - 1]);
        float cy = 0.5f * (blurred[i + w] - blurred[i - w]);
        coarse[i] = (float) Math.sqrt(cx * cx + cy * cy);
        residual[i] = immerkaer(luma, i, w);
        usable[i] = planes.isInside(i);
      }
    }
    return new Gradients(planes, fineSquared, coarse, residual, usable);
  }

  /** Whether sample {@code i} has derivatives and belongs to the region. */
  boolean usable(int i) {
    return usable[i];
  }

  private static float immerkaer(float[] l, int i, int w) {
    float corners = l[i - w - 1] + l[i - w + 1] + l[i + w - 1] + l[i + w + 1];
    float sides = l[i - w] + l[i + w] + l[i - 1] + l[i + 1];
    return corners - 2 * sides + 4 * l[i];
  }
}
