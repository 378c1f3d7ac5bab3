package dev.iqmon.alerts;

import static dev.iqmon.alerts.FrameSignature.BINS;
import static dev.iqmon.alerts.FrameSignature.CELLS;

import java.nio.ByteBuffer;

/**
 * What a feed's scene-change and lens-blocked rules remember: the reference view (null until the
 * first frame), and a new view that differs from it, learned while it lasts (null when none).
 */
public record SceneState(SceneView reference, SceneView candidate) {

  private static final byte VERSION = 1;
  private static final int VIEW_BYTES = 4 + 8 + 4 * CELLS * (BINS + 1);

  public static SceneState none() {
    return new SceneState(null, null);
  }

  /** Compact bytes for a state store: floats, not text (a view is about 7 KB). */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(2 + 2 * VIEW_BYTES);
    out.put(VERSION);
    out.put((byte) ((reference != null ? 1 : 0) | (candidate != null ? 2 : 0)));
    write(out, reference);
    write(out, candidate);
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }

  public static SceneState fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length < 2 || in.get() != VERSION) {
      throw new IllegalArgumentException("not a version " + VERSION + " scene state");
    }
    byte present = in.get();
    SceneView reference = (present & 1) != 0 ? read(in) : null;
    SceneView candidate = (present & 2) != 0 ? read(in) : null;
    return new SceneState(reference, candidate);
  }

  private static void write(ByteBuffer out, SceneView view) {
    if (view == null) {
      return;
    }
    out.putInt(view.images());
    out.putLong(view.since());
    for (double v : view.orientations()) {
      out.putFloat((float) v);
    }
    for (double v : view.texture()) {
      out.putFloat((float) v);
    }
  }

  private static SceneView read(ByteBuffer in) {
    int images = in.getInt();
    long since = in.getLong();
    double[] orientations = new double[CELLS * BINS];
    double[] texture = new double[CELLS];
    for (int i = 0; i < orientations.length; i++) {
      orientations[i] = in.getFloat();
    }
    for (int i = 0; i < texture.length; i++) {
      texture[i] = in.getFloat();
    }
    return new SceneView(orientations, texture, images, since);
  }
}
