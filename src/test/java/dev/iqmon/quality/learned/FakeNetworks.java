package dev.iqmon.quality.learned;

import dev.iqmon.quality.Distortion;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Networks with outputs a test can predict. The encoder marks the dense cells given per image as
 * blurred. The ROI head makes each region's score follow the share of the image it covers (level
 * {@code floor(share * 5)}, certain), its blur probability the index of its image / 10, and its
 * importance its share. Every call is recorded.
 */
final class FakeNetworks implements QualityNetworks {

  static final int SIZE = 32;
  static final int GRID = 4;
  static final int DENSE = 4;

  final List<Integer> encodedBatches = new ArrayList<>();
  final List<Integer> headBatches = new ArrayList<>();
  final List<float[]> encodedImages = new ArrayList<>();
  private final Map<Integer, int[]> blurredCells;
  boolean closed;

  /** {@code blurredCells}: per image index, the dense cells to mark as blurred. */
  FakeNetworks(Map<Integer, int[]> blurredCells) {
    this.blurredCells = blurredCells;
  }

  @Override
  public NetworkContract contract() {
    return new NetworkContract(
        "fake",
        "1",
        "untrained",
        SIZE,
        8,
        GRID,
        GRID,
        DENSE,
        new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.5f, 0.5f, 0.5f},
        List.of(Distortion.values()));
  }

  @Override
  public String provider() {
    return "cpu";
  }

  @Override
  public Encoded encode(FloatBuffer images, int count) {
    encodedBatches.add(count);
    float[] copy = new float[images.remaining()];
    images.duplicate().get(copy);
    encodedImages.add(copy);
    return new Encoded() {
      @Override
      public float[] degradationLogits(int image) {
        int cells = DENSE * DENSE;
        float[] logits = new float[(Distortion.values().length + 1) * cells];
        for (int cell = 0; cell < cells; cell++) {
          logits[cell] = 1;
        }
        for (int cell : blurredCells.getOrDefault(image, new int[0])) {
          logits[(Distortion.BLUR.ordinal() + 1) * cells + cell] = 5;
        }
        return logits;
      }

      @Override
      public float[] degradationSeverity(int image) {
        float[] severity = new float[DENSE * DENSE];
        java.util.Arrays.fill(severity, 0.9f);
        return severity;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public RoiOutputs scoreRois(
      Encoded encoded, FloatBuffer masks, LongBuffer imageIndex, int count) {
    headBatches.add(count);
    int types = Distortion.values().length;
    float[] levels = new float[count * 5];
    float[] probs = new float[count * types];
    float[] importance = new float[count];
    for (int k = 0; k < count; k++) {
      float share = 0;
      for (int c = 0; c < GRID * GRID; c++) {
        share += masks.get(k * GRID * GRID + c);
      }
      share /= GRID * GRID;
      levels[k * 5 + Math.min(4, (int) (share * 5))] = 40;
      probs[k * types + Distortion.BLUR.ordinal()] = imageIndex.get(k) / 10f;
      importance[k] = share;
    }
    return new RoiOutputs(levels, probs, importance);
  }

  @Override
  public void close() {
    closed = true;
  }
}
