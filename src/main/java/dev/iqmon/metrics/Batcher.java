package dev.iqmon.metrics;

import java.util.Locale;

/** Where images were gathered into one model call, as the {@code batcher} tag says it. */
public enum Batcher {
  /** Across the records of one stream task. */
  RECORDS,
  /** Across stream threads, in front of the model. */
  THREADS,
  /** Across the scoring workers, in front of a detector. */
  DETECTOR;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
