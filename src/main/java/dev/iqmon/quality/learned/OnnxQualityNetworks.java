package dev.iqmon.quality.learned;

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
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The learned model's networks on ONNX Runtime: the encoder session and the ROI head session. The
 * encoder's features stay in ONNX Runtime's memory and go straight into the ROI head; tensors are
 * made from the caller's direct buffers without a copy, and every tensor and result is closed.
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
      Map<String, String> metadata = new HashMap<>(head.metadata());
      metadata.putAll(encoder.metadata());
      this.contract =
          NetworkContract.read(
              metadata,
              encoder.inputShapes(),
              encoder.outputShapes(),
              head.inputShapes(),
              head.outputShapes());
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          encoder.source().name()
              + " and "
              + head.source().name()
              + " are not iqmon's learned model: "
              + e.getMessage(),
          e);
    }
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
  public Encoded encode(FloatBuffer images, int count) {
    long s = contract.inputSize();
    try (OnnxTensor input = OnnxTensor.createTensor(env, images, new long[] {count, 3, s, s})) {
      OrtSession.Result result = encoder.session().run(Map.of(NetworkContract.IMAGE, input));
      try {
        return new OrtEncoded(result, contract);
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("the encoder failed: " + e.getMessage(), e);
    }
  }

  @Override
  public RoiOutputs scoreRois(
      Encoded encoded, FloatBuffer masks, LongBuffer imageIndex, int count) {
    long r = contract.roiGrid();
    OnnxTensor features = ((OrtEncoded) encoded).features();
    try (OnnxTensor maskTensor = OnnxTensor.createTensor(env, masks, new long[] {count, 1, r, r});
        OnnxTensor indexTensor = OnnxTensor.createTensor(env, imageIndex, new long[] {count});
        OrtSession.Result result =
            head.session()
                .run(
                    Map.of(
                        NetworkContract.FEATURES, features,
                        NetworkContract.ROI_MASKS, maskTensor,
                        NetworkContract.ROI_IMAGE_INDEX, indexTensor))) {
      return new RoiOutputs(
          floats(result, NetworkContract.LEVEL_LOGITS),
          floats(result, NetworkContract.DISTORTION_PROBS),
          floats(result, NetworkContract.IMPORTANCE));
    } catch (OrtException e) {
      throw new IllegalStateException("the ROI head failed: " + e.getMessage(), e);
    }
  }

  static float[] floats(OrtSession.Result result, String name) {
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

  /** The encoder's result, held open so its features tensor can feed the ROI head. */
  private static final class OrtEncoded implements Encoded {
    private final OrtSession.Result result;
    private final float[] logits;
    private final float[] severity;
    private final int logitsPerImage;
    private final int severityPerImage;

    OrtEncoded(OrtSession.Result result, NetworkContract contract) {
      this.result = result;
      this.logits = floats(result, NetworkContract.DEGRADATION_LOGITS);
      this.severity = floats(result, NetworkContract.DEGRADATION_SEVERITY);
      int cells = contract.denseGrid() * contract.denseGrid();
      this.logitsPerImage = (contract.distortions().size() + 1) * cells;
      this.severityPerImage = cells;
    }

    OnnxTensor features() {
      return (OnnxTensor)
          result
              .get(NetworkContract.FEATURES)
              .orElseThrow(() -> new IllegalStateException("the encoder gave no features"));
    }

    @Override
    public float[] degradationLogits(int image) {
      return Arrays.copyOfRange(logits, image * logitsPerImage, (image + 1) * logitsPerImage);
    }

    @Override
    public float[] degradationSeverity(int image) {
      return Arrays.copyOfRange(severity, image * severityPerImage, (image + 1) * severityPerImage);
    }

    @Override
    public void close() {
      result.close();
    }
  }
}
