package dev.iqmon.quality.learned;

import java.nio.FloatBuffer;

/**
 * The encoder's outputs for {@code count} images of one size, each over {@code rows x columns}
 * cells: {@code cells} {@code [count, channels, rows, columns]}, {@code logits} {@code [count,
 * classes, rows, columns]} (class 0 clean, then the distortions) and {@code severity} {@code
 * [count, 1, rows, columns]} in [0, 1]. Buffers are read by absolute index; none is copied.
 */
public record EncodedImages(
    int count,
    int columns,
    int rows,
    int channels,
    int classes,
    FloatBuffer cells,
    FloatBuffer logits,
    FloatBuffer severity) {

  public EncodedImages {
    int grid = columns * rows;
    check("cells", cells, (long) count * channels * grid);
    check("degradation_logits", logits, (long) count * classes * grid);
    check("degradation_severity", severity, (long) count * grid);
  }

  private static void check(String name, FloatBuffer buffer, long expected) {
    if (buffer.limit() != expected) {
      throw new IllegalArgumentException(
          name + " holds " + buffer.limit() + " floats, expected " + expected);
    }
  }

  /** Where image {@code image}'s cells start in {@link #cells()}. */
  public int cellsOffset(int image) {
    return image * channels * columns * rows;
  }

  /** Image {@code image}'s class logits, {@code [classes, rows, columns]}, as its own buffer. */
  public FloatBuffer logits(int image) {
    int size = classes * columns * rows;
    return logits.slice(image * size, size);
  }

  /** Image {@code image}'s severity, {@code [rows, columns]}, as its own buffer. */
  public FloatBuffer severity(int image) {
    int size = columns * rows;
    return severity.slice(image * size, size);
  }
}
