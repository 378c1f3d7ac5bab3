package dev.iqmon.quality.learned;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The size at which the encoder sees an image. Native size when it fits: at least one cell on each
 * side and at most {@code maxPixels} pixels. A larger image is shrunk, aspect kept, to the largest
 * size within {@code maxPixels} (area resize); an image narrower or lower than one cell is enlarged
 * so that its short side is one cell (bilinear). Regions stay in the image's own pixels; {@link
 * CellGrid#of} maps the cells back onto them.
 */
public record EncoderInput(int width, int height) {

  public EncoderInput {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("an encoder input of " + width + "x" + height);
    }
  }

  /** The encoder's view of an image of {@code width x height}. */
  public static EncoderInput fit(int width, int height, int cell, long maxPixels) {
    if (maxPixels < (long) cell * cell) {
      throw new IllegalArgumentException(
          "max pixels " + maxPixels + " is less than one cell of " + cell + "x" + cell);
    }
    double pixels = (double) width * height;
    double scale = 1;
    if (pixels > maxPixels) {
      scale = Math.sqrt(maxPixels / pixels);
    } else if (Math.min(width, height) < cell) {
      scale = (double) cell / Math.min(width, height);
    }
    if (scale == 1) {
      return new EncoderInput(width, height);
    }
    int w = Math.max(cell, (int) Math.floor(width * scale));
    int h = Math.max(cell, (int) Math.floor(height * scale));
    // Only a very long, thin image gets here: its short side is held at one cell.
    if ((long) w * h > maxPixels) {
      if (w > h) {
        w = (int) Math.max(cell, maxPixels / h);
      } else {
        h = (int) Math.max(cell, maxPixels / w);
      }
    }
    return new EncoderInput(w, h);
  }

  /**
   * The encoder calls for a batch: the indexes of the inputs of one size, in batch order, as many a
   * call as fit in {@code maxPixels} together (at least one). Sizes come in the order they first
   * appear.
   */
  public static List<List<Integer>> calls(List<EncoderInput> inputs, long maxPixels) {
    Map<EncoderInput, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      bySize.computeIfAbsent(inputs.get(i), size -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> calls = new ArrayList<>();
    bySize.forEach(
        (size, indexes) -> {
          int perCall = (int) Math.max(1, Math.min(indexes.size(), maxPixels / size.pixels()));
          for (int from = 0; from < indexes.size(); from += perCall) {
            calls.add(List.copyOf(indexes.subList(from, Math.min(indexes.size(), from + perCall))));
          }
        });
    return calls;
  }

  public long pixels() {
    return (long) width * height;
  }

  /** Whether the image must be resized to this input. */
  public boolean resizes(int imageWidth, int imageHeight) {
    return width != imageWidth || height != imageHeight;
  }
}
