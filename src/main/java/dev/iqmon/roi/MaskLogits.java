package dev.iqmon.roi;

import java.util.BitSet;
import java.util.Optional;

/**
 * Turns a segmenter's mask logits into a {@link RegionMask}: logits above the threshold (0 for the
 * SAM family) are inside. Logits come either at the image's size, or at low resolution over the
 * padded model frame, in which case they are resampled to the image exactly as the SAM family's own
 * post-processing does: bilinear to {@code side x side}, crop to the resized image, bilinear to the
 * image's size, both steps with {@code align_corners=false}. The two steps are folded into one
 * resampling per axis, and the image-sized logits are made one row at a time.
 */
public final class MaskLogits {

  private MaskLogits() {}

  /** A thresholded mask and its stability: the area at threshold + offset over that at − offset. */
  public record Thresholded(Optional<RegionMask> mask, double stability) {}

  /** Writes row {@code y} of the logits into {@code out}. */
  @FunctionalInterface
  public interface Rows {
    void row(int y, float[] out);
  }

  /** Rows of a logit grid already at the image's size, stored row by row from {@code offset}. */
  public static Rows atImageSize(float[] logits, int offset, int width) {
    return (y, out) -> System.arraycopy(logits, offset + y * width, out, 0, width);
  }

  /**
   * Rows of low-resolution logits ({@code lowWidth x lowHeight} over the padded {@code side x side}
   * model frame, stored row by row from {@code offset}), resampled to the image of {@code frame}.
   */
  public static Rows upsampled(
      float[] logits, int offset, int lowWidth, int lowHeight, ModelFrame frame) {
    Taps xs = Taps.composite(lowWidth, frame.side(), frame.resizedWidth(), frame.imageWidth());
    Taps ys = Taps.composite(lowHeight, frame.side(), frame.resizedHeight(), frame.imageHeight());
    float[][] columnsDone = new float[lowHeight][];
    return (y, out) -> {
      java.util.Arrays.fill(out, 0, frame.imageWidth(), 0f);
      for (int t = 0; t < ys.index[y].length; t++) {
        int m = ys.index[y][t];
        if (columnsDone[m] == null) {
          columnsDone[m] = xs.apply(logits, offset + m * lowWidth, frame.imageWidth());
        }
        float w = ys.weight[y][t];
        float[] src = columnsDone[m];
        for (int x = 0; x < frame.imageWidth(); x++) {
          out[x] += w * src[x];
        }
      }
    };
  }

  /** The pixels whose logit is above {@code threshold}, and the mask's stability. */
  public static Thresholded threshold(
      Rows rows, int width, int height, float threshold, float stabilityOffset) {
    float[] row = new float[width];
    BitSet inside = new BitSet();
    int minX = width, minY = height, maxX = -1, maxY = -1;
    long firm = 0, loose = 0;
    for (int y = 0; y < height; y++) {
      rows.row(y, row);
      for (int x = 0; x < width; x++) {
        float v = row[x];
        if (v > threshold - stabilityOffset) {
          loose++;
          if (v > threshold + stabilityOffset) {
            firm++;
          }
          if (v > threshold) {
            inside.set(y * width + x);
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = y;
          }
        }
      }
    }
    double stability = loose == 0 ? 0 : firm / (double) loose;
    if (maxX < 0) {
      return new Thresholded(Optional.empty(), stability);
    }
    PixelBox bounds = new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
    return new Thresholded(Optional.of(crop(inside, width, bounds)), stability);
  }

  private static RegionMask crop(BitSet inside, int width, PixelBox bounds) {
    BitSet bits = new BitSet();
    for (int y = bounds.y(); y < bounds.bottom(); y++) {
      int rowStart = y * width;
      int end = rowStart + bounds.right();
      int outRow = (y - bounds.y()) * bounds.width() - bounds.x() - rowStart;
      for (int i = inside.nextSetBit(rowStart + bounds.x()); i >= 0 && i < end; ) {
        int runEnd = Math.min(inside.nextClearBit(i), end);
        bits.set(i + outRow, runEnd + outRow);
        i = inside.nextSetBit(runEnd);
      }
    }
    return new RegionMask(bounds, bits);
  }

  /**
   * Per output index, the low-resolution samples and weights that two bilinear steps give: low →
   * {@code side}, crop to {@code resized}, then → {@code out}.
   */
  static final class Taps {
    final int[][] index;
    final float[][] weight;

    private Taps(int[][] index, float[][] weight) {
      this.index = index;
      this.weight = weight;
    }

    static Taps composite(int low, int side, int resized, int out) {
      int[][] index = new int[out][];
      float[][] weight = new float[out][];
      double[] acc = new double[low];
      for (int o = 0; o < out; o++) {
        java.util.Arrays.fill(acc, 0);
        Linear second = Linear.of(o, resized, out);
        addFirstStep(acc, second.i0, 1 - second.frac, low, side);
        addFirstStep(acc, second.i1, second.frac, low, side);
        int n = 0;
        for (double a : acc) {
          n += a != 0 ? 1 : 0;
        }
        index[o] = new int[n];
        weight[o] = new float[n];
        for (int k = 0, t = 0; k < low; k++) {
          if (acc[k] != 0) {
            index[o][t] = k;
            weight[o][t++] = (float) acc[k];
          }
        }
      }
      return new Taps(index, weight);
    }

    private static void addFirstStep(double[] acc, int j, double w, int low, int side) {
      if (w == 0) {
        return;
      }
      Linear first = Linear.of(j, low, side);
      acc[first.i0] += w * (1 - first.frac);
      acc[first.i1] += w * first.frac;
    }

    float[] apply(float[] values, int offset, int out) {
      float[] result = new float[out];
      for (int o = 0; o < out; o++) {
        float sum = 0;
        for (int t = 0; t < index[o].length; t++) {
          sum += weight[o][t] * values[offset + index[o][t]];
        }
        result[o] = sum;
      }
      return result;
    }
  }

  /**
   * One bilinear step, {@code align_corners=false}: output {@code o} of {@code out} from {@code
   * in}.
   */
  private record Linear(int i0, int i1, double frac) {
    static Linear of(int o, int in, int out) {
      double src = Math.max(0, (o + 0.5) * ((double) in / out) - 0.5);
      int i0 = Math.min((int) src, in - 1);
      int i1 = Math.min(i0 + 1, in - 1);
      return new Linear(i0, i1, src - i0);
    }
  }
}
