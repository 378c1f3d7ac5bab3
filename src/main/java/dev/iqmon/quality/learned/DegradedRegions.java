package dev.iqmon.quality.learned;

import dev.iqmon.quality.Distortion;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Finds where an image is damaged from the dense head's map over the image's cells ({@link
 * CellGrid}): per cell the likeliest class (0 clean, then one per distortion) and a severity. Cells
 * of one distortion above the severity threshold that touch (4-neighbourhood) form a region; a
 * region is mapped back to the image's pixels (a pixel belongs to the cell under its centre, and
 * the pixels past the last whole cell to the nearest cell) and becomes a {@link Roi} with source
 * {@code DEGRADED}, labelled with the distortion's key, with ids {@code degraded-1, -2, ...}
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
   * The damaged regions of the image under the grid.
   *
   * @param logits {@code [classes + 1, rows, columns]}, class-major
   * @param severity {@code [rows, columns]}
   */
  public List<Roi> find(FloatBuffer logits, FloatBuffer severity, CellGrid grid) {
    if (settings.maxRegions() == 0) {
      return List.of();
    }
    int[] label = labels(logits, severity, grid.cells());
    int minCells = (int) Math.ceil(settings.minArea() * grid.cells());
    List<Component> found = new ArrayList<>();
    boolean[] seen = new boolean[grid.cells()];
    for (int cell = 0; cell < label.length; cell++) {
      if (label[cell] > 0 && !seen[cell]) {
        Component c = flood(label, seen, cell, grid.columns(), grid.rows());
        if (c.cells().size() >= minCells) {
          found.add(c);
        }
      }
    }
    found.sort(
        Comparator.comparingInt((Component c) -> -c.cells().size())
            .thenComparingInt(c -> c.cells().get(0)));
    List<Roi> rois = new ArrayList<>();
    for (Component c : found.subList(0, Math.min(found.size(), settings.maxRegions()))) {
      String key = classes.get(c.distortionClass() - 1).key();
      rois.add(
          Roi.ofMask(ID_PREFIX + (rois.size() + 1), key, RoiOrigin.DEGRADED, toPixels(c, grid)));
    }
    return rois;
  }

  /** Per cell: the likeliest class when it is a distortion above the threshold, else 0. */
  private int[] labels(FloatBuffer logits, FloatBuffer severity, int cells) {
    int[] label = new int[cells];
    for (int cell = 0; cell < cells; cell++) {
      int best = 0;
      for (int c = 1; c <= classes.size(); c++) {
        if (logits.get(c * cells + cell) > logits.get(best * cells + cell)) {
          best = c;
        }
      }
      label[cell] = best > 0 && severity.get(cell) > settings.minSeverity() ? best : 0;
    }
    return label;
  }

  private static Component flood(int[] label, boolean[] seen, int start, int columns, int rows) {
    List<Integer> cells = new ArrayList<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(start));
    seen[start] = true;
    while (!todo.isEmpty()) {
      int cell = todo.poll();
      cells.add(cell);
      int x = cell % columns;
      int y = cell / columns;
      int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (int[] n : neighbours) {
        int next = n[1] * columns + n[0];
        if (n[0] >= 0
            && n[0] < columns
            && n[1] >= 0
            && n[1] < rows
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

  /** The pixels that belong to the component's cells. */
  private static RegionMask toPixels(Component c, CellGrid grid) {
    int columns = grid.columns();
    boolean[] in = new boolean[grid.cells()];
    int minX = columns;
    int maxX = -1;
    int minY = grid.rows();
    int maxY = -1;
    for (int cell : c.cells()) {
      in[cell] = true;
      minX = Math.min(minX, cell % columns);
      maxX = Math.max(maxX, cell % columns);
      minY = Math.min(minY, cell / columns);
      maxY = Math.max(maxY, cell / columns);
    }
    // Pixels map to cells monotonically, so the cells' bounds give the pixels' bounds.
    int x0 = first(grid.width(), minX, grid::columnOf);
    int x1 = first(grid.width(), maxX + 1, grid::columnOf);
    int y0 = first(grid.height(), minY, grid::rowOf);
    int y1 = first(grid.height(), maxY + 1, grid::rowOf);
    PixelBox box = new PixelBox(x0, y0, x1 - x0, y1 - y0);
    BitSet bits = new BitSet(box.width() * box.height());
    for (int y = y0; y < y1; y++) {
      int row = grid.rowOf(y) * columns;
      for (int x = x0; x < x1; x++) {
        if (in[row + grid.columnOf(x)]) {
          bits.set((y - y0) * box.width() + (x - x0));
        }
      }
    }
    return new RegionMask(box, bits);
  }

  /** The first pixel of {@code [0, pixels)} whose cell is at least {@code cell}, else pixels. */
  private static int first(int pixels, int cell, IntUnaryOperator cellOf) {
    int p = 0;
    while (p < pixels && cellOf.applyAsInt(p) < cell) {
      p++;
    }
    return p;
  }
}
