package dev.iqmon.inference;

/** Where a model should run: {@code auto} takes CUDA when it works and the CPU otherwise. */
public enum Device {
  AUTO,
  CPU,
  CUDA
}
