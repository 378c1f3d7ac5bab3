package dev.iqmon.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Direct, native-order buffers: ONNX Runtime reads tensors made from them in place, without a copy.
 */
public final class NativeBuffers {

  private NativeBuffers() {}

  public static FloatBuffer floats(int count) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(count, Float.BYTES))
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  public static LongBuffer longs(int count) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(count, Long.BYTES))
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }
}
