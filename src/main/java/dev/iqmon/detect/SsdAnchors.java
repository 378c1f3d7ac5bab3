package dev.iqmon.detect;

import java.util.List;

/**
 * MediaPipe's SSD anchors with fixed size, as its face detectors use them: layers in order, and
 * consecutive layers of the same stride sharing one grid of {@code ceil(size / stride)} cells, each
 * cell holding {@code anchorsPerLayer} anchors per such layer, all centred at {@code ((x + offset)
 * / cells, (y + offset) / cells)} in fractions of the input. Rows first, then columns, then the
 * anchors of a cell.
 *
 * @param centres {@code [x0, y0, x1, y1, ...]}, one pair per anchor
 */
public record SsdAnchors(float[] centres) {

  public SsdAnchors {
    centres = centres.clone();
  }

  public int count() {
    return centres.length / 2;
  }

  public float x(int anchor) {
    return centres[2 * anchor];
  }

  public float y(int anchor) {
    return centres[2 * anchor + 1];
  }

  public static SsdAnchors of(DetectorContract.SsdLayout layout, int inputSize) {
    List<Integer> strides = layout.strides();
    float[] out = new float[2 * count(strides, layout.anchorsPerLayer(), inputSize)];
    int n = 0;
    for (int layer = 0; layer < strides.size(); ) {
      int stride = strides.get(layer);
      int perCell = 0;
      for (; layer < strides.size() && strides.get(layer) == stride; layer++) {
        perCell += layout.anchorsPerLayer();
      }
      int cells = -Math.floorDiv(-inputSize, stride);
      for (int y = 0; y < cells; y++) {
        for (int x = 0; x < cells; x++) {
          for (int a = 0; a < perCell; a++) {
            out[n++] = (float) ((x + layout.anchorOffset()) / cells);
            out[n++] = (float) ((y + layout.anchorOffset()) / cells);
          }
        }
      }
    }
    return new SsdAnchors(out);
  }

  private static int count(List<Integer> strides, int perLayer, int inputSize) {
    int total = 0;
    for (int i = 0; i < strides.size(); i++) {
      if (i > 0 && strides.get(i) < strides.get(i - 1)) {
        throw new IllegalArgumentException("SSD strides must not decrease: " + strides);
      }
      int cells = -Math.floorDiv(-inputSize, strides.get(i));
      total += cells * cells * perLayer;
    }
    return total;
  }
}
