package dev.iqmon.alerts;

import static dev.iqmon.alerts.FrameSignature.CELLS;
import static dev.iqmon.alerts.FrameSignature.COLUMNS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a frame carries no picture: one colour all over (black, blue, grey: what encoders and
 * video servers send when the signal is gone), or a test pattern of vertical colour bars. Judged
 * from the {@link FrameSignature}; the answer says what was seen.
 */
public final class SignalCheck {

  /** Top rows of the grid that colour bars fill (the SMPTE pattern has other strips below). */
  private static final int BAR_ROWS = 6;

  /** How far (per channel, 0..255) a cell of a bar may be from its column's colour. */
  private static final int BAR_TOLERANCE = 10;

  /** How far apart two bars' colours are at least (per-channel sum). */
  private static final int BAR_CONTRAST = 60;

  private static final int MIN_BARS = 4;

  /** The share of a blank frame's cells that captions and time stamps may cover. */
  private static final double OVERLAY_SHARE = 0.05;

  private SignalCheck() {}

  /**
   * What the frame shows instead of a picture, if it shows none: uniform when the spread of its
   * brightness (0..255) is under {@code uniformBelow}.
   */
  public static Optional<String> noPicture(FrameSignature frame, double uniformBelow) {
    double spread = brightnessSpread(frame);
    if (spread < uniformBelow) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "a uniform %s frame (mean RGB %s, brightness spread %.1f)",
              colourName(meanColour(frame)),
              rgb(meanColour(frame)),
              spread));
    }
    int bars = colourBars(frame);
    return bars >= MIN_BARS
        ? Optional.of(bars + " vertical colour bars (a test pattern)")
        : Optional.empty();
  }

  /**
   * The spread of the frame's brightness around its median cell, from its cells' means and spreads,
   * leaving out the {@value #OVERLAY_SHARE} of the cells that differ most, so that an on-screen
   * clock or a "no signal" caption over a blank frame does not hide it.
   */
  static double brightnessSpread(FrameSignature frame) {
    double[] luma = new double[CELLS];
    for (int c = 0; c < CELLS; c++) {
      luma[c] = frame.luma(c);
    }
    double[] sorted = luma.clone();
    Arrays.sort(sorted);
    double median = sorted[CELLS / 2];
    double[] variance = new double[CELLS];
    for (int c = 0; c < CELLS; c++) {
      double d = luma[c] - median;
      variance[c] = frame.spread(c) * (double) frame.spread(c) + d * d;
    }
    Arrays.sort(variance);
    int kept = CELLS - (int) Math.round(CELLS * OVERLAY_SHARE);
    double sum = 0;
    for (int c = 0; c < kept; c++) {
      sum += variance[c];
    }
    return Math.sqrt(sum / kept);
  }

  /**
   * How many distinct colour bars fill the top of the frame: every column of cells the same colour
   * from top to {@value #BAR_ROWS} rows down, most of them flat, in several distinct colours.
   */
  static int colourBars(FrameSignature frame) {
    List<int[]> bars = new ArrayList<>();
    int flat = 0;
    for (int col = 0; col < COLUMNS; col++) {
      int[] top = cellColour(frame, col);
      for (int row = 1; row < BAR_ROWS; row++) {
        int[] below = cellColour(frame, row * COLUMNS + col);
        for (int ch = 0; ch < 3; ch++) {
          if (Math.abs(below[ch] - top[ch]) > BAR_TOLERANCE) {
            return 0;
          }
        }
      }
      // A column across the edge of two bars mixes their colours: it names no bar.
      if (frame.spread(col) < BAR_TOLERANCE) {
        flat++;
        if (bars.stream().noneMatch(b -> distance(b, top) < BAR_CONTRAST)) {
          bars.add(top);
        }
      }
    }
    return flat * 2 >= COLUMNS ? bars.size() : 0;
  }

  private static int[] cellColour(FrameSignature frame, int cell) {
    return new int[] {frame.colour(cell, 0), frame.colour(cell, 1), frame.colour(cell, 2)};
  }

  private static int distance(int[] a, int[] b) {
    return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
  }

  private static int[] meanColour(FrameSignature frame) {
    long[] sum = new long[3];
    for (int c = 0; c < CELLS; c++) {
      for (int ch = 0; ch < 3; ch++) {
        sum[ch] += frame.colour(c, ch);
      }
    }
    return new int[] {
      Math.round(sum[0] / (float) CELLS),
      Math.round(sum[1] / (float) CELLS),
      Math.round(sum[2] / (float) CELLS)
    };
  }

  private static String rgb(int[] c) {
    return c[0] + ", " + c[1] + ", " + c[2];
  }

  /** A name a person would give the colour: black, white, grey, or the strongest hue. */
  static String colourName(int[] c) {
    int max = Math.max(c[0], Math.max(c[1], c[2]));
    int min = Math.min(c[0], Math.min(c[1], c[2]));
    if (max < 40) {
      return "black";
    }
    if (max - min < 30) {
      return min > 215 ? "white" : "grey";
    }
    if (c[2] == max) {
      return c[0] > c[1] + 40 ? "magenta" : c[1] > c[0] + 40 ? "cyan" : "blue";
    }
    if (c[1] == max) {
      return c[0] > c[2] + 40 ? "yellow" : "green";
    }
    return c[1] > c[2] + 40 ? "yellow" : "red";
  }
}
