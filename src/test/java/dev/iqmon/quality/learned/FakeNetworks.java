package dev.iqmon.quality.learned;

import dev.iqmon.quality.Distortion;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks with outputs a test can predict, over cells of {@value #CELL} pixels with {@value
 * #CHANNELS} channels. The encoder gives each cell the mean of the red, green and blue input values
 * of its pixels and a constant 1, and marks a cell as blurred (severity 0.9) where its mean red is
 * above 0.9. The ROI head gives each region the level its {@code area} falls in (a fifth of the
 * range a level, certain), its blur probability from its {@code local} red, its noise probability
 * from its image's {@code global} red, and its importance from its area. Every call is recorded.
 */
final class FakeNetworks implements QualityNetworks {

  static final int CELL = 8;
  static final int CHANNELS = 4;

  /** One encoder call: how many images of which size, and the input it got. */
  record EncoderCall(int count, int width, int height, float[] input) {}

  final List<EncoderCall> encoderCalls = new ArrayList<>();
  final List<Integer> headCalls = new ArrayList<>();
  private final String weights;
  boolean closed;

  FakeNetworks() {
    this("untrained (test)");
  }

  FakeNetworks(String weights) {
    this.weights = weights;
  }

  @Override
  public NetworkContract contract() {
    return new NetworkContract(
        "fake", "3.1", weights, CELL, CHANNELS, List.of(Distortion.values()));
  }

  @Override
  public String provider() {
    return "cpu";
  }

  @Override
  public synchronized EncodedImages encode(FloatBuffer images, int count, int width, int height) {
    float[] input = new float[images.remaining()];
    images.duplicate().get(input);
    encoderCalls.add(new EncoderCall(count, width, height, input));
    int columns = width / CELL;
    int rows = height / CELL;
    int grid = columns * rows;
    int classes = Distortion.values().length + 1;
    float[] cells = new float[count * CHANNELS * grid];
    float[] logits = new float[count * classes * grid];
    float[] severity = new float[count * grid];
    for (int n = 0; n < count; n++) {
      for (int cell = 0; cell < grid; cell++) {
        int x0 = cell % columns * CELL;
        int y0 = cell / columns * CELL;
        for (int ch = 0; ch < 3; ch++) {
          float mean = cellMean(input, n * 3 + ch, width, height, x0, y0);
          cells[(n * CHANNELS + ch) * grid + cell] = mean;
        }
        cells[(n * CHANNELS + 3) * grid + cell] = 1;
        boolean red = cells[n * CHANNELS * grid + cell] > 0.9f;
        logits[(n * classes + (red ? 1 + Distortion.BLUR.ordinal() : 0)) * grid + cell] = 5;
        severity[n * grid + cell] = red ? 0.9f : 0.1f;
      }
    }
    return new EncodedImages(
        count,
        columns,
        rows,
        CHANNELS,
        classes,
        FloatBuffer.wrap(cells),
        FloatBuffer.wrap(logits),
        FloatBuffer.wrap(severity));
  }

  private static float cellMean(float[] input, int plane, int width, int height, int x0, int y0) {
    double sum = 0;
    for (int y = y0; y < y0 + CELL; y++) {
      for (int x = x0; x < x0 + CELL; x++) {
        sum += input[plane * width * height + y * width + x];
      }
    }
    return (float) (sum / (CELL * CELL));
  }

  @Override
  public synchronized RoiOutputs scoreRois(
      FloatBuffer local, FloatBuffer global, FloatBuffer area, int count) {
    headCalls.add(count);
    int types = Distortion.values().length;
    float[] levels = new float[count * 5];
    float[] probs = new float[count * types];
    float[] importance = new float[count];
    for (int k = 0; k < count; k++) {
      float share = area.get(k);
      levels[k * 5 + Math.min(4, (int) (share * 5))] = 40;
      probs[k * types + Distortion.BLUR.ordinal()] = local.get(k * CHANNELS);
      probs[k * types + Distortion.NOISE.ordinal()] = global.get(k * CHANNELS);
      importance[k] = share;
    }
    return new RoiOutputs(levels, probs, importance);
  }

  @Override
  public void close() {
    closed = true;
  }
}
