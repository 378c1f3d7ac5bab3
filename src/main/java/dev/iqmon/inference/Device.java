package dev.iqmon.inference;

import java.util.Locale;

/** Where a model should run: {@code auto} takes CUDA when it works and the CPU otherwise. */
public enum Device {
  AUTO,
  CPU,
  CUDA;

  /** The device named in config: {@code auto}, {@code cpu} or {@code cuda}. */
  public static Device of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("device must be auto, cpu or cuda, got '" + name + "'", e);
    }
  }
}
