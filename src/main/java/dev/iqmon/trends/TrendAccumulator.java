package dev.iqmon.trends;

import dev.iqmon.quality.ScoreLevel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The running aggregate of a set of scores (a slice of time, or a whole window): count, sum,
 * extremes, a KLL quantile sketch, the level histogram, the main distortions, and how many fell
 * under the alert threshold. Aggregates merge, so a window is the merge of its slices.
 */
public final class TrendAccumulator {

  private static final int SKETCH_K = 200;

  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long below;
  private final long[] levels = new long[ScoreLevel.values().length];
  private final Map<String, Long> distortions = new TreeMap<>();
  private KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);

  public TrendAccumulator add(double score, String mainDistortion, double threshold) {
    count++;
    sum += score;
    min = Math.min(min, score);
    max = Math.max(max, score);
    sketch.update(score);
    levels[ScoreLevel.ofScore(score).ordinal()]++;
    if (mainDistortion != null) {
      distortions.merge(mainDistortion, 1L, Long::sum);
    }
    if (score < threshold) {
      below++;
    }
    return this;
  }

  /** Adds every score of {@code other} to this aggregate. */
  public TrendAccumulator merge(TrendAccumulator other) {
    if (other.count == 0) {
      return this;
    }
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    below += other.below;
    for (int i = 0; i < levels.length; i++) {
      levels[i] += other.levels[i];
    }
    other.distortions.forEach((type, n) -> distortions.merge(type, n, Long::sum));
    sketch.merge(other.sketch);
    return this;
  }

  public long count() {
    return count;
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** The score at rank {@code q} (0..1), from the sketch. */
  public double quantile(double q) {
    return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(q);
  }

  public Map<ScoreLevel, Long> levelCounts() {
    Map<ScoreLevel, Long> out = new TreeMap<>();
    for (ScoreLevel level : ScoreLevel.values()) {
      out.put(level, levels[level.ordinal()]);
    }
    return out;
  }

  public Map<String, Long> distortionCounts() {
    return new TreeMap<>(distortions);
  }

  public double shareBelow() {
    return count == 0 ? 0 : below / (double) count;
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(count);
      out.writeDouble(sum);
      out.writeDouble(min);
      out.writeDouble(max);
      out.writeLong(below);
      for (long l : levels) {
        out.writeLong(l);
      }
      out.writeInt(distortions.size());
      for (Map.Entry<String, Long> e : distortions.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      byte[] sketchBytes = sketch.toByteArray();
      out.writeInt(sketchBytes.length);
      out.write(sketchBytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static TrendAccumulator fromBytes(byte[] data) {
    TrendAccumulator acc = new TrendAccumulator();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      acc.count = in.readLong();
      acc.sum = in.readDouble();
      acc.min = in.readDouble();
      acc.max = in.readDouble();
      acc.below = in.readLong();
      for (int i = 0; i < acc.levels.length; i++) {
        acc.levels[i] = in.readLong();
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        acc.distortions.put(in.readUTF(), in.readLong());
      }
      byte[] sketchBytes = new byte[in.readInt()];
      in.readFully(sketchBytes);
      acc.sketch = KllDoublesSketch.heapify(Memory.wrap(sketchBytes));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt trend state", e);
    }
    return acc;
  }
}
