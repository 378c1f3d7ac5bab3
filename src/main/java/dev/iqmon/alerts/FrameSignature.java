package dev.iqmon.alerts;

import dev.iqmon.image.RgbImage;
import java.util.Arrays;

/**
 * A compact description of what a frame shows, for the camera-health rules: the frame, shrunk so
 * that its longer side is about {@value #WORKING_SIZE} pixels, cut into a grid of {@value #COLUMNS}
 * x {@value #ROWS} cells, and for each cell the directions of its edges (a histogram of gradient
 * orientations, weighted by gradient strength), its texture (gradient strength relative to the
 * cell's brightness), its mean colour and the spread of its brightness. Orientations and texture
 * are relative measures, so they change little when the light dims; moving objects change a few
 * cells only. About {@value #BYTES} bytes.
 */
public final class FrameSignature {

  public static final int COLUMNS = 16;
  public static final int ROWS = 12;
  public static final int CELLS = COLUMNS * ROWS;

  /** Orientation bins over 0..180 degrees (an edge and its reverse are the same direction). */
  public static final int BINS = 8;

  static final int WORKING_SIZE = 192;
  private static final int VERSION = 1;
  private static final int HEADER = 4;
  static final int BYTES = HEADER + CELLS * (BINS + 1 + 3 + 1);

  /** Added to a cell's mean brightness (0..255) when texture is made relative to it. */
  private static final double BRIGHTNESS_FLOOR = 32;

  private final byte[] orientations;
  private final byte[] texture;
  private final byte[] colours;
  private final byte[] spread;

  private FrameSignature(byte[] orientations, byte[] texture, byte[] colours, byte[] spread) {
    this.orientations = orientations;
    this.texture = texture;
    this.colours = colours;
    this.spread = spread;
  }

  /** The signature of a frame; frames smaller than the grid have none. */
  public static FrameSignature of(RgbImage image) {
    if (image.width() < COLUMNS || image.height() < ROWS) {
      return null;
    }
    WorkingImage small = WorkingImage.of(image, WORKING_SIZE);
    byte[] orientations = new byte[CELLS * BINS];
    byte[] texture = new byte[CELLS];
    byte[] colours = new byte[CELLS * 3];
    byte[] spread = new byte[CELLS];
    for (int row = 0; row < ROWS; row++) {
      for (int col = 0; col < COLUMNS; col++) {
        int cell = row * COLUMNS + col;
        WorkingImage.CellStats s =
            small.cell(
                col * small.width() / COLUMNS,
                (col + 1) * small.width() / COLUMNS,
                row * small.height() / ROWS,
                (row + 1) * small.height() / ROWS,
                BINS);
        double total = Arrays.stream(s.orientations()).sum();
        for (int b = 0; b < BINS; b++) {
          double share = total > 0 ? s.orientations()[b] / total : 1.0 / BINS;
          orientations[cell * BINS + b] = (byte) Math.round(share * 255);
        }
        texture[cell] = (byte) encodeTexture(s.gradient() / (s.luma() + BRIGHTNESS_FLOOR));
        colours[cell * 3] = (byte) Math.round(s.red());
        colours[cell * 3 + 1] = (byte) Math.round(s.green());
        colours[cell * 3 + 2] = (byte) Math.round(s.blue());
        spread[cell] = (byte) Math.min(255, Math.round(s.lumaSpread()));
      }
    }
    return new FrameSignature(orientations, texture, colours, spread);
  }

  /** Texture on a log scale in a byte: 0 is flat, each step about 1.7 % more. */
  static int encodeTexture(double t) {
    return (int) Math.max(0, Math.min(255, Math.round(40 * log2(1 + 200 * t))));
  }

  static double decodeTexture(int code) {
    return (Math.pow(2, code / 40.0) - 1) / 200;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** The share of a cell's gradient energy in orientation bin {@code bin}, 0..1. */
  public double orientation(int cell, int bin) {
    return (orientations[cell * BINS + bin] & 0xff) / 255.0;
  }

  /** A cell's gradient strength relative to its brightness: about 0 for a flat cell. */
  public double texture(int cell) {
    return decodeTexture(texture[cell] & 0xff);
  }

  /** A cell's mean red, green or blue (channel 0, 1, 2), 0..255. */
  public int colour(int cell, int channel) {
    return colours[cell * 3 + channel] & 0xff;
  }

  /** The standard deviation of a cell's brightness, 0..255. */
  public int spread(int cell) {
    return spread[cell] & 0xff;
  }

  /** A cell's mean brightness (Rec. 601 luma), 0..255. */
  public double luma(int cell) {
    return 0.299 * colour(cell, 0) + 0.587 * colour(cell, 1) + 0.114 * colour(cell, 2);
  }

  /** The signature as bytes: a version, the grid's size, then each part cell by cell. */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    out[0] = VERSION;
    out[1] = COLUMNS;
    out[2] = ROWS;
    out[3] = BINS;
    int at = HEADER;
    for (byte[] part : new byte[][] {orientations, texture, colours, spread}) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** Reads {@link #toBytes()}; anything else, a signature of another version or grid included. */
  public static FrameSignature fromBytes(byte[] bytes) {
    if (bytes == null
        || bytes.length != BYTES
        || bytes[0] != VERSION
        || bytes[1] != COLUMNS
        || bytes[2] != ROWS
        || bytes[3] != BINS) {
      throw new IllegalArgumentException(
          "not a version "
              + VERSION
              + " frame signature of "
              + COLUMNS
              + "x"
              + ROWS
              + " cells ("
              + (bytes == null ? "none" : bytes.length + " bytes")
              + ")");
    }
    int at = HEADER;
    byte[] orientations = Arrays.copyOfRange(bytes, at, at += CELLS * BINS);
    byte[] texture = Arrays.copyOfRange(bytes, at, at += CELLS);
    byte[] colours = Arrays.copyOfRange(bytes, at, at += CELLS * 3);
    byte[] spread = Arrays.copyOfRange(bytes, at, at + CELLS);
    return new FrameSignature(orientations, texture, colours, spread);
  }
}
