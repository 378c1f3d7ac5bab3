package dev.iqmon.quality.classical;

/**
 * Shrinks one axis by a real factor with area averaging: each output sample is the mean of the
 * input span it covers, partly covered input samples weighted by their share. This is the
 * anti-aliased downscale a viewer's eye performs, so it keeps blur and averages noise down the way
 * looking at a smaller picture does.
 */
final class AreaResampler {

  /** Every output reads {@code taps} inputs from {@code first[o]}, weights zero-padded. */
  private final int taps;

  private final int[] first;
  private final float[] weights;

  /** Maps {@code inLength} input samples onto {@code outLength <= inLength} output samples. */
  AreaResampler(int inLength, int outLength) {
    if (outLength < 1 || outLength > inLength) {
      throw new IllegalArgumentException("cannot resample " + inLength + " to " + outLength);
    }
    double step = (double) inLength / outLength;
    taps = Math.min(inLength, (int) Math.ceil(step) + 1);
    first = new int[outLength];
    weights = new float[outLength * taps];
    for (int o = 0; o < outLength; o++) {
      double from = o * step;
      double to = Math.min(inLength, (o + 1) * step);
      int start = (int) Math.floor(from);
      int end = Math.min(inLength, (int) Math.ceil(to - 1e-9));
      first[o] = Math.min(start, inLength - taps);
      for (int i = start; i < end; i++) {
        double overlap = Math.min(to, i + 1.0) - Math.max(from, i);
        weights[o * taps + i - first[o]] = (float) (overlap / step);
      }
    }
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
    for (int o = 0, w = 0; o < first.length; o++) {
      int input = first[o];
      float sum = 0;
      for (int k = 0; k < taps; k++) {
        sum += weights[w++] * in[input + k];
      }
      out[at + o] = sum;
    }
  }

  /** Resamples each column of a {@code width x height} plane: {@code width x outLength()}. */
  float[] columns(float[] plane, int width) {
    float[] out = new float[width * outLength()];
    for (int o = 0; o < first.length; o++) {
      int outRow = o * width;
      for (int k = 0; k < taps; k++) {
        float w = weights[o * taps + k];
        if (w == 0) {
          continue;
        }
        int inRow = (first[o] + k) * width;
        for (int x = 0; x < width; x++) {
          out[outRow + x] += w * plane[inRow + x];
        }
      }
    }
    return out;
  }
}
