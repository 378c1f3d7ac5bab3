package dev.iqmon.quality.learned;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.iqmon.inference.LoadedSession;
import dev.iqmon.inference.ModelLoadException;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.NativeBuffers;
import dev.iqmon.inference.OnnxSessions;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The learned model's networks on ONNX Runtime: the encoder session and the ROI head session.
 * Inputs are tensors over the caller's direct buffers; the encoder writes its outputs straight into
 * direct buffers made here for them (pinned outputs, so the cells are never copied out of ONNX
 * Runtime's memory), and every tensor and result is closed before a call returns.
 */
public final class OnnxQualityNetworks implements QualityNetworks {

  private final LoadedSession encoder;
  private final LoadedSession head;
  private final NetworkContract contract;
  private final OrtEnvironment env = OnnxSessions.environment();

  /** Opens both networks' sessions; a missing, corrupt or foreign file is a clear error. */
  public static OnnxQualityNetworks open(
      OnnxSessions sessions, ModelSource encoder, ModelSource head) {
    LoadedSession encoderSession = sessions.open(encoder);
    try {
      LoadedSession headSession = sessions.open(head);
      try {
        return new OnnxQualityNetworks(encoderSession, headSession);
      } catch (RuntimeException e) {
        headSession.close();
        throw e;
      }
    } catch (RuntimeException e) {
      encoderSession.close();
      throw e;
    }
  }

  /** Takes ownership of both sessions; checks them against the contract. */
  public OnnxQualityNetworks(LoadedSession encoder, LoadedSession head) {
    this.encoder = encoder;
    this.head = head;
    try {
      this.contract =
          NetworkContract.read(part("the encoder", encoder), part("the ROI head", head));
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          encoder.source().name()
              + " and "
              + head.source().name()
              + " are not an iqmon learned model this version reads: "
              + e.getMessage(),
          e);
    }
  }

  private static ModelPart part(String name, LoadedSession session) {
    return new ModelPart(name, session.metadata(), session.inputShapes(), session.outputShapes());
  }

  @Override
  public NetworkContract contract() {
    return contract;
  }

  @Override
  public String provider() {
    return encoder.provider().equals(head.provider()) ? encoder.provider() : "mixed";
  }

  @Override
  public EncodedImages encode(FloatBuffer images, int count, int width, int height) {
    int columns = width / contract.cell();
    int rows = height / contract.cell();
    int grid = columns * rows;
    EncodedImages out =
        new EncodedImages(
            count,
            columns,
            rows,
            contract.channels(),
            contract.classes(),
            NativeBuffers.floats(count * contract.channels() * grid),
            NativeBuffers.floats(count * contract.classes() * grid),
            NativeBuffers.floats(count * grid));
    long[] input = {count, 3, height, width};
    try (OnnxTensor image = OnnxTensor.createTensor(env, images, input);
        OnnxTensor cells = tensor(out.cells(), count, contract.channels(), rows, columns);
        OnnxTensor logits = tensor(out.logits(), count, contract.classes(), rows, columns);
        OnnxTensor severity = tensor(out.severity(), count, 1, rows, columns)) {
      Map<String, OnnxTensor> pinned =
          Map.of(
              NetworkContract.CELLS, cells,
              NetworkContract.DEGRADATION_LOGITS, logits,
              NetworkContract.DEGRADATION_SEVERITY, severity);
      // The outputs land in out's buffers; the result owns none of them, but is closed all the
      // same.
      encoder.session().run(Map.of(NetworkContract.IMAGE, image), pinned).close();
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "the encoder failed on "
              + count
              + " images of "
              + width
              + "x"
              + height
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private OnnxTensor tensor(FloatBuffer buffer, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, buffer, shape);
  }

  @Override
  public RoiOutputs scoreRois(FloatBuffer local, FloatBuffer global, FloatBuffer area, int count) {
    long c = contract.channels();
    try (OnnxTensor localTensor = tensor(local, count, c);
        OnnxTensor globalTensor = tensor(global, count, c);
        OnnxTensor areaTensor = tensor(area, count, 1);
        OrtSession.Result result =
            head.session()
                .run(
                    Map.of(
                        NetworkContract.LOCAL, localTensor,
                        NetworkContract.GLOBAL, globalTensor,
                        NetworkContract.AREA, areaTensor))) {
      return new RoiOutputs(
          floats(result, NetworkContract.LEVEL_LOGITS),
          floats(result, NetworkContract.DISTORTION_PROBS),
          floats(result, NetworkContract.IMPORTANCE));
    } catch (OrtException e) {
      throw new IllegalStateException("the ROI head failed: " + e.getMessage(), e);
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
    try {
      head.close();
    } finally {
      encoder.close();
    }
  }
}
