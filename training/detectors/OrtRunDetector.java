import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs a converted detector with ONNX Runtime (CPU) for check_detectors.py: one float32 input read
 * from a file (the model's only input, in the shape given), every output written as little-endian
 * float32 to OUT_DIR/NAME.f32.
 *
 * <p>Single-file program, no build needed: {@code java -cp onnxruntime-1.26.0.jar
 * OrtRunDetector.java MODEL INPUT_F32 OUT_DIR D0 D1 D2 D3 [REPEATS]}; with REPEATS it also prints the
 * median wall-clock time of that many further runs (1 intra-op thread).
 */
public final class OrtRunDetector {
  private OrtRunDetector() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7 && args.length != 8) {
      throw new IllegalArgumentException("usage: MODEL INPUT_F32 OUT_DIR D0 D1 D2 D3 [REPEATS]");
    }
    long[] shape = new long[4];
    for (int i = 0; i < 4; i++) {
      shape[i] = Long.parseLong(args[3 + i]);
    }
    FloatBuffer input =
        ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1])))
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    if (input.remaining() != shape[0] * shape[1] * shape[2] * shape[3]) {
      throw new IllegalArgumentException("input has " + input.remaining() + " floats");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(args[0], options);
          OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape)) {
        String name = session.getInputNames().iterator().next();
        try (OrtSession.Result result = session.run(Map.of(name, tensor))) {
          for (Map.Entry<String, OnnxValue> output : result) {
            write(Path.of(args[2], output.getKey() + ".f32"), (OnnxTensor) output.getValue());
          }
        }
        if (args.length == 8) {
          time(session, name, tensor, Integer.parseInt(args[7]));
        }
      }
    }
  }

  /** Prints the median wall-clock milliseconds of REPEATS further runs on the same input. */
  private static void time(OrtSession session, String name, OnnxTensor tensor, int repeats)
      throws Exception {
    long[] nanos = new long[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      try (OrtSession.Result ignored = session.run(Map.of(name, tensor))) {
        nanos[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(nanos);
    System.out.printf("ort_median_ms %.1f%n", nanos[repeats / 2] / 1e6);
  }

  private static void write(Path path, OnnxTensor tensor) throws IOException {
    FloatBuffer values = tensor.getFloatBuffer();
    ByteBuffer bytes = ByteBuffer.allocate(values.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    Files.write(path, bytes.array());
  }
}
