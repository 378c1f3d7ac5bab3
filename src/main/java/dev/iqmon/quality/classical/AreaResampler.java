package dev.iqmon.quality.classical;

import java.util.Arrays;

/**
 * Shrinks one axis by a real factor with area averaging: each output sample is the mean of the
 * input span it covers, partly covered input samples weighted by their share. This is the
 * anti-aliased downscale a viewer's eye performs, so it keeps blur and averages noise down the way
 * looking at a smaller picture does.
 */
final class AreaResampler {

  /** Output {@code o} reads inputs {@code first[o]..} with weights {@code weights[offset[o]..]}. */
  private final int[] first;

  private final int[] offset;
  private final float[] weights;

  /** Maps {@code inLength} input samples onto {@code outLength <= inLength} output samples. */
  AreaResampler(int inLength, int outLength) {
    if (outLength < 1 || outLength > inLength) {
      throw new IllegalArgumentException("cannot resample " + inLength + " to " + outLength);
    }
    double step = (double) inLength / outLength;
    first = new int[outLength];
    offset = new int[outLength + 1];
    float[] all = new float[inLength + outLength];
    for (int o = 0; o < outLength; o++) {
      double from = o * step;
      double to = Math.min(inLength, (o + 1) * step);
      first[o] = (int) Math.floor(from);
      int end = Math.min(inLength, (int) Math.ceil(to - 1e-9));
      offset[o + 1] = offset[o] + end - first[o];
      for (int i = first[o]; i < end; i++) {
        double overlap = Math.min(to, i + 1.0) - Math.max(from, i);
        all[offset[o] + i - first[o]] = (float) (overlap / step);
      }
    }
    weights = Arrays.copyOf(all, offset[outLength]);
  }

  int outLength() {
    return first.length;
  }

  /** Resamples each row of a {@code width x height} plane: {@code outLength() x height}. */
  float[] rows(float[] plane, int width, int height) {
    float[] out = new float[outLength() * height];
    float[] row = new float[width];
    for (int y = 0; y < height; y++) {
      System.arraycopy(plane, y * width, row, 0, width);
      row(row, out, y * outLength());
    }
    return out;
  }

  /** Resamples one row into {@code out} from {@code at}. */
  void row(float[] in, float[] out, int at) {
    for (int o = 0; o < first.length; o++) {
      int input = first[o];
      float sum = 0;
      for (int k = offset[o]; k < offset[o + 1]; k++) {
        sum += weights[k] * in[input++];
      }
      out[at + o] = sum;
    }
  }

  /** Resamples each column of a {@code width x height} plane: {@code width x outLength()}. */
  float[] columns(float[] plane, int width) {
    float[] out = new float[width * outLength()];
    for (int o = 0; o < first.length; o++) {
      int outRow = o * width;
      int inRow = first[o] * width;
      for (int k = offset[o]; k < offset[o + 1]; k++, inRow += width) {
        float w = weights[k];
        for (int x = 0; x < width; x++) {
          out[outRow + x] += w * plane[inRow + x];
        }
      }
    }
    return out;
  }
}
