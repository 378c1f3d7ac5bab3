package dev.iqmon.quality.learned;

/**
 * One axis of an area resize from {@code inLength} to {@code outLength <= inLength} samples: a list
 * of (output, input, weight) entries in output order, each weight the share of the output's span
 * that the input covers. Spans are measured the way OpenCV's {@code INTER_AREA} measures them
 * (double arithmetic, overlaps under 1e-3 of a sample ignored, weights rounded to float), so that
 * resizes built on it match OpenCV's to the last bit.
 */
final class AreaWeights {

  private static final double NEGLIGIBLE = 1e-3;

  private final int[] target;
  private final int[] source;
  private final float[] weight;
  private final int size;

  private AreaWeights(int capacity) {
    target = new int[capacity];
    source = new int[capacity];
    weight = new float[capacity];
    size = 0;
  }

  private AreaWeights(int[] target, int[] source, float[] weight, int size) {
    this.target = target;
    this.source = source;
    this.weight = weight;
    this.size = size;
  }

  static AreaWeights of(int inLength, int outLength) {
    double scale = 1.0 / ((double) outLength / inLength);
    AreaWeights table = new AreaWeights(2 * inLength + 2 * outLength);
    int k = 0;
    for (int o = 0; o < outLength; o++) {
      double from = o * scale;
      double to = from + scale;
      double span = Math.min(scale, inLength - from);
      int firstWhole = (int) Math.ceil(from);
      int lastWhole = Math.min((int) Math.floor(to), inLength - 1);
      firstWhole = Math.min(firstWhole, lastWhole);
      if (firstWhole - from > NEGLIGIBLE) {
        k = table.put(k, o, firstWhole - 1, (float) ((firstWhole - from) / span));
      }
      for (int i = firstWhole; i < lastWhole; i++) {
        k = table.put(k, o, i, (float) (1.0 / span));
      }
      if (to - lastWhole > NEGLIGIBLE) {
        k =
            table.put(
                k, o, lastWhole, (float) (Math.min(Math.min(to - lastWhole, 1.0), span) / span));
      }
    }
    return new AreaWeights(table.target, table.source, table.weight, k);
  }

  private int put(int k, int out, int in, float w) {
    target[k] = out;
    source[k] = in;
    weight[k] = w;
    return k + 1;
  }

  int size() {
    return size;
  }

  int target(int k) {
    return target[k];
  }

  int source(int k) {
    return source[k];
  }

  float weight(int k) {
    return weight[k];
  }
}
