package dev.iqmon.quality.learned;

import dev.iqmon.quality.Distortion;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Finds where an image is damaged from the dense head's {@code grid x grid} map: per cell the
 * likeliest class (0 clean, then one per distortion) and a severity. Cells of one distortion above
 * the severity threshold that touch (4-neighbourhood) form a region; a region is mapped back to the
 * image's pixels (a pixel belongs to the cell under its centre) and becomes a {@link Roi} with
 * source {@code DEGRADED}, labelled with the distortion's key, with ids {@code degraded-1, -2, ...}
 * largest first.
 */
public final class DegradedRegions {

  public static final String ID_PREFIX = "degraded-";

  private final DegradedRegionSettings settings;
  private final List<Distortion> classes;

  /**
   * @param classes the distortion of each dense class after class 0 (clean), in the model's order
   */
  public DegradedRegions(DegradedRegionSettings settings, List<Distortion> classes) {
    this.settings = settings;
    this.classes = List.copyOf(classes);
  }

  /** A connected group of cells of one distortion. */
  private record Component(int distortionClass, List<Integer> cells) {}

  /**
   * The damaged regions of an image of {@code width x height}.
   *
   * @param logits {@code [classes + 1, grid, grid]}, class-major
   * @param severity {@code [grid, grid]}
   */
  public List<Roi> find(float[] logits, float[] severity, int grid, int width, int height) {
    if (settings.maxRegions() == 0) {
      return List.of();
    }
    int[] label = labels(logits, severity, grid);
    int minCells = (int) Math.ceil(settings.minArea() * grid * grid);
    List<Component> found = new ArrayList<>();
    boolean[] seen = new boolean[grid * grid];
    for (int cell = 0; cell < label.length; cell++) {
      if (label[cell] > 0 && !seen[cell]) {
        Component c = flood(label, seen, cell, grid);
        if (c.cells().size() >= minCells) {
          found.add(c);
        }
      }
    }
    found.sort(
        Comparator.comparingInt((Component c) -> -c.cells().size())
            .thenComparingInt(c -> c.cells().get(0)));
    List<Roi> rois = new ArrayList<>();
    for (Component c : found) {
      if (rois.size() == settings.maxRegions()) {
        break;
      }
      RegionMask mask = toPixels(c, grid, width, height);
      if (mask != null) {
        String key = classes.get(c.distortionClass() - 1).key();
        rois.add(Roi.ofMask(ID_PREFIX + (rois.size() + 1), key, RoiOrigin.DEGRADED, mask));
      }
    }
    return rois;
  }

  /** Per cell: the likeliest class when it is a distortion above the threshold, else 0. */
  private int[] labels(float[] logits, float[] severity, int grid) {
    int cells = grid * grid;
    int[] label = new int[cells];
    for (int cell = 0; cell < cells; cell++) {
      int best = 0;
      for (int c = 1; c <= classes.size(); c++) {
        if (logits[c * cells + cell] > logits[best * cells + cell]) {
          best = c;
        }
      }
      label[cell] = best > 0 && severity[cell] > settings.minSeverity() ? best : 0;
    }
    return label;
  }

  private static Component flood(int[] label, boolean[] seen, int start, int grid) {
    List<Integer> cells = new ArrayList<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(start));
    seen[start] = true;
    while (!todo.isEmpty()) {
      int cell = todo.poll();
      cells.add(cell);
      int x = cell % grid;
      int y = cell / grid;
      int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (int[] n : neighbours) {
        int next = n[1] * grid + n[0];
        if (n[0] >= 0
            && n[0] < grid
            && n[1] >= 0
            && n[1] < grid
            && !seen[next]
            && label[next] == label[start]) {
          seen[next] = true;
          todo.add(next);
        }
      }
    }
    cells.sort(null);
    return new Component(label[start], cells);
  }

  /** The pixels whose centres fall in the component's cells; null when there are none. */
  private static RegionMask toPixels(Component c, int grid, int width, int height) {
    int[] cellOfX = cellOf(width, grid);
    int[] cellOfY = cellOf(height, grid);
    boolean[] in = new boolean[grid * grid];
    int minX = grid;
    int maxX = -1;
    int minY = grid;
    int maxY = -1;
    for (int cell : c.cells()) {
      in[cell] = true;
      minX = Math.min(minX, cell % grid);
      maxX = Math.max(maxX, cell % grid);
      minY = Math.min(minY, cell / grid);
      maxY = Math.max(maxY, cell / grid);
    }
    // Cells map to pixels monotonically, so the cells' bounds give the pixels' bounds.
    PixelBox box = span(cellOfX, minX, maxX, cellOfY, minY, maxY);
    if (box == null) {
      return null;
    }
    BitSet bits = new BitSet(box.width() * box.height());
    for (int y = box.y(); y < box.bottom(); y++) {
      int row = cellOfY[y] * grid;
      for (int x = box.x(); x < box.right(); x++) {
        if (in[row + cellOfX[x]]) {
          bits.set((y - box.y()) * box.width() + (x - box.x()));
        }
      }
    }
    if (bits.isEmpty()) {
      return null;
    }
    return width < grid || height < grid ? tight(box, bits) : new RegionMask(box, bits);
  }

  private static PixelBox span(
      int[] cellOfX, int minX, int maxX, int[] cellOfY, int minY, int maxY) {
    int[] xs = range(cellOfX, minX, maxX);
    int[] ys = range(cellOfY, minY, maxY);
    if (xs == null || ys == null) {
      return null;
    }
    return new PixelBox(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]);
  }

  /** The pixels {@code [from, to)} whose cell lies in {@code [minCell, maxCell]}; null if none. */
  private static int[] range(int[] cellOf, int minCell, int maxCell) {
    int from = 0;
    while (from < cellOf.length && cellOf[from] < minCell) {
      from++;
    }
    int to = from;
    while (to < cellOf.length && cellOf[to] <= maxCell) {
      to++;
    }
    return to > from ? new int[] {from, to} : null;
  }

  /** The mask cut to the bounds of its pixels (images smaller than the grid leave cells empty). */
  private static RegionMask tight(PixelBox box, BitSet bits) {
    int x0 = box.width();
    int y0 = box.height();
    int x1 = -1;
    int y1 = -1;
    for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
      x0 = Math.min(x0, bit % box.width());
      x1 = Math.max(x1, bit % box.width());
      y0 = Math.min(y0, bit / box.width());
      y1 = Math.max(y1, bit / box.width());
    }
    if (x0 == 0 && y0 == 0 && x1 == box.width() - 1 && y1 == box.height() - 1) {
      return new RegionMask(box, bits);
    }
    PixelBox cut = new PixelBox(box.x() + x0, box.y() + y0, x1 - x0 + 1, y1 - y0 + 1);
    BitSet packed = new BitSet(cut.width() * cut.height());
    for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
      packed.set((bit / box.width() - y0) * cut.width() + (bit % box.width() - x0));
    }
    return new RegionMask(cut, packed);
  }

  private static int[] cellOf(int pixels, int grid) {
    int[] cell = new int[pixels];
    for (int p = 0; p < pixels; p++) {
      cell[p] = Math.min(grid - 1, (int) ((p + 0.5) * grid / pixels));
    }
    return cell;
  }
}
