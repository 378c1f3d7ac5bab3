package dev.iqmon.detect;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.iqmon.inference.LoadedSession;
import dev.iqmon.inference.ModelLoadException;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.OnnxSessions;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A detector on ONNX Runtime: one session, opened on the configured device, checked against the
 * contract in its metadata. The input tensor is made from the caller's direct buffer without a
 * copy; every tensor and result is closed.
 */
public final class OnnxDetectorNetwork implements DetectorNetwork {

  private final LoadedSession session;
  private final DetectorContract contract;
  private final OrtEnvironment env = OnnxSessions.environment();

  /** Opens the file's session; a missing, corrupt or foreign file is a clear error. */
  public static OnnxDetectorNetwork open(OnnxSessions sessions, ModelSource source) {
    LoadedSession session = sessions.open(source);
    try {
      return new OnnxDetectorNetwork(session);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** Takes ownership of the session; checks it against its contract. */
  public OnnxDetectorNetwork(LoadedSession session) {
    this.session = session;
    try {
      this.contract = DetectorContract.read(session.metadata());
      check(session, contract);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          session.source().name() + " is not a detector iqmon can decode: " + e.getMessage(), e);
    }
  }

  private static void check(LoadedSession session, DetectorContract contract) {
    long s = contract.inputSize();
    long[] input = session.inputShapes().get(DetectorContract.INPUT);
    if (input == null || !Arrays.equals(Arrays.copyOfRange(input, 1, 4), new long[] {3, s, s})) {
      throw new IllegalArgumentException(
          "expected input image [batch, 3, " + s + ", " + s + "], got " + Arrays.toString(input));
    }
    for (String name : contract.outputNames()) {
      if (!session.outputShapes().containsKey(name)) {
        throw new IllegalArgumentException("no output " + name);
      }
    }
  }

  @Override
  public DetectorContract contract() {
    return contract;
  }

  @Override
  public String provider() {
    return session.provider();
  }

  @Override
  public DetectorOutputs run(FloatBuffer input, int images) {
    long s = contract.inputSize();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {images, 3, s, s});
        OrtSession.Result result = session.session().run(Map.of(DetectorContract.INPUT, tensor))) {
      Map<String, float[]> values = new HashMap<>();
      for (String name : contract.outputNames()) {
        values.put(name, floats(result, name));
      }
      return new DetectorOutputs(values, images);
    } catch (OrtException e) {
      throw new IllegalStateException(contract.name() + " failed: " + e.getMessage(), e);
    }
  }

  private static float[] floats(OrtSession.Result result, String name) {
    OnnxValue value =
        result.get(name).orElseThrow(() -> new IllegalStateException("the model gave no " + name));
    FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Override
  public void close() {
    session.close();
  }
}
