package dev.iqmon.segment;

import dev.iqmon.roi.ModelFrame;
import java.nio.FloatBuffer;

/**
 * The encoder's output for one image, kept in a direct buffer so each decoder call reads it without
 * a copy, and the image's place in the model frame.
 */
public record ImageEmbedding(FloatBuffer values, long[] shape, ModelFrame frame) {

  /** The value at a flat index, for tests and diagnostics. */
  public float get(int index) {
    return values.get(index);
  }
}
