package dev.iqmon.detect;

import java.util.Map;

/**
 * A detector's outputs for a batch of {@code images}: each output's values, the images one after
 * the other.
 */
public record DetectorOutputs(Map<String, float[]> values, int images) {

  public DetectorOutputs {
    values = Map.copyOf(values);
    if (images < 1) {
      throw new IllegalArgumentException("a batch has at least one image, got " + images);
    }
    values.forEach(
        (name, v) -> {
          if (v.length % images != 0) {
            throw new IllegalArgumentException(
                name + " has " + v.length + " values, not a multiple of " + images + " images");
          }
        });
  }

  /** All images' values of one output. */
  public float[] get(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no output " + name);
    }
    return v;
  }

  /** How many values of {@code name} belong to one image. */
  public int perImage(String name) {
    return get(name).length / images;
  }
}
