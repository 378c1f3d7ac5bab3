package dev.iqmon.quality.learned;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Time spent in each stage of the learned model, summed over calls; thread-safe. */
public final class StageTimes {

  /** The stages of one call, in order. */
  public enum Stage {
    /** The images' tensors (and the resize of frames over the pixel cap). */
    PREPROCESS,
    /** The encoder network, once per group of same-sized images. */
    ENCODER,
    /** Degraded regions from the dense head's map. */
    DEGRADED_REGIONS,
    /** Each image's cells pooled: its mean, and each region's weighted mean. */
    ROI_POOLING,
    /** The ROI head network, once per call. */
    ROI_HEAD,
    /** The classical indicators that explain each region. */
    EXPLAIN
  }

  private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);

  public StageTimes() {
    for (Stage stage : Stage.values()) {
      nanos.put(stage, new LongAdder());
    }
  }

  void add(Stage stage, long took) {
    nanos.get(stage).add(took);
  }

  /** Nanoseconds spent in each stage so far. */
  public Map<Stage, Long> snapshot() {
    Map<Stage, Long> out = new EnumMap<>(Stage.class);
    nanos.forEach((stage, adder) -> out.put(stage, adder.sum()));
    return out;
  }
}
