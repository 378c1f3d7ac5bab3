package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.Device;
import dev.iqmon.inference.LoadedSession;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.NativeBuffers;
import dev.iqmon.inference.OnnxSessions;
import dev.iqmon.quality.LevelDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime Java against PyTorch on the fixture that {@code training/parity.py} writes to {@code
 * src/test/resources/model-parity/}: the same inputs must give the same outputs within the
 * fixture's absolute tolerances (features and logits 1e-3, probabilities 1e-4, scores 0.01), and
 * iqmon's own pre-processing must rebuild the fixture's input images byte for byte. A missing
 * fixture fails every test here: the shipped model is then unchecked.
 */
class ModelParityTest {

  private static final String DIR = "/model-parity/";
  private static JsonNode fixture;

  @BeforeAll
  static void readFixture() throws IOException {
    try (InputStream in = ModelParityTest.class.getResourceAsStream(DIR + "parity.json")) {
      if (in == null) {
        fail(
            "the parity fixture src/test/resources%sparity.json is missing: it is committed with"
                + " the model; training/pipeline.sh writes it (training/parity.py --checkpoint"
                + " models/iqmon-weights.pt --out src/test/resources/model-parity)",
            DIR);
      }
      fixture = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void shouldResizeTheSamplePhotosExactlyAsTheTrainingCodeDid() throws IOException {
    byte[] expected = bytes("image_rgb_u8");
    int s = fixture.get("input_size").asInt();
    JsonNode sources = fixture.get("sources");
    for (int n = 0; n < sources.size(); n++) {
      String file = sources.get(n).asText().replace("src/main/resources", "");
      RgbImage photo = new ImageDecoder().decode(resource(file), null).image();

      byte[] ours = SquashResize.rgb(photo, s, s);

      byte[] theirs = new byte[s * s * 3];
      System.arraycopy(expected, n * theirs.length, theirs, 0, theirs.length);
      assertThat(ours).as(file).isEqualTo(theirs);
    }
  }

  @Test
  void shouldMatchPyTorchOutputsWithinTheFixtureTolerances() throws Exception {
    try (OnnxQualityNetworks networks = ShippedModel.networks()) {
      NetworkContract contract = networks.contract();
      assertThat(contract.modelId()).isEqualTo(fixture.get("model_id").asText());
      assertThat(contract.modelVersion()).isEqualTo(fixture.get("model_version").asText());
      int n = shape("image_rgb_u8")[0];
      FloatBuffer images = imageTensor(contract, n);
      assertThat(sum(images)).isCloseTo(fixture.get("image_checksum").asDouble(), within(1e-2));

      int m = shape("roi_masks")[0];
      FloatBuffer masks = NativeBuffers.floats(m * contract.roiGrid() * contract.roiGrid());
      masks.put(floats("roi_masks")).rewind();
      LongBuffer index = NativeBuffers.longs(m);
      index.put(longs("roi_image_index")).rewind();
      QualityNetworks.RoiOutputs outputs;
      try (QualityNetworks.Encoded encoded = networks.encode(images, n)) {
        assertClose("degradation_logits", concat(n, encoded::degradationLogits));
        assertClose("degradation_severity", concat(n, encoded::degradationSeverity));
        outputs = networks.scoreRois(encoded, masks, index, m);
      }
      assertClose("level_logits", outputs.levelLogits());
      assertClose("distortion_probs", outputs.distortionProbs());
      assertClose("importance", outputs.importance());
      for (int k = 0; k < m; k++) {
        float[] logits = new float[5];
        System.arraycopy(outputs.levelLogits(), k * 5, logits, 0, 5);
        assertThat(LevelDistribution.fromLogits(logits).score())
            .as("score of ROI " + k)
            .isCloseTo(fixture.get("scores").get(k).asDouble(), within(tolerance("score")));
      }
    }
  }

  @Test
  void shouldMatchPyTorchFeaturesWithinTheFixtureTolerance() throws Exception {
    OnnxSessions sessions = new OnnxSessions(Device.CPU, 2);
    try (OnnxQualityNetworks networks = ShippedModel.networks();
        LoadedSession encoder =
            sessions.open(new ModelSource("encoder", ShippedModel.ENCODER, null))) {
      NetworkContract contract = networks.contract();
      int n = shape("image_rgb_u8")[0];
      long s = contract.inputSize();
      try (OnnxTensor input =
              OnnxTensor.createTensor(
                  OnnxSessions.environment(), imageTensor(contract, n), new long[] {n, 3, s, s});
          OrtSession.Result result = encoder.session().run(Map.of("image", input))) {
        assertClose("features", OnnxQualityNetworks.floats(result, "features"));
      }
    }
  }

  private static FloatBuffer imageTensor(NetworkContract contract, int n) throws IOException {
    int s = contract.inputSize();
    byte[] rgb = bytes("image_rgb_u8");
    FloatBuffer images = NativeBuffers.floats(n * 3 * s * s);
    for (int i = 0; i < n; i++) {
      byte[] one = new byte[s * s * 3];
      System.arraycopy(rgb, i * one.length, one, 0, one.length);
      ImageTensor.write(one, s, contract.mean(), contract.std(), images);
    }
    return images.rewind();
  }

  private static double sum(FloatBuffer buffer) {
    double total = 0;
    for (int i = 0; i < buffer.limit(); i++) {
      total += buffer.get(i);
    }
    return total;
  }

  private static float[] concat(int n, java.util.function.IntFunction<float[]> part) {
    float[][] parts = new float[n][];
    int length = 0;
    for (int i = 0; i < n; i++) {
      parts[i] = part.apply(i);
      length += parts[i].length;
    }
    float[] all = new float[length];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static void assertClose(String name, float[] actual) throws IOException {
    float[] expected = floats(name);
    assertThat(actual).as(name + " length").hasSameSizeAs(expected);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    System.out.printf("model parity, %s: largest difference from PyTorch %.2g%n", name, worst);
    assertThat(worst)
        .as(name + ": largest difference from PyTorch")
        .isLessThanOrEqualTo(tolerance(name));
  }

  private static double tolerance(String name) {
    return fixture.get("absolute_tolerance").get(name).asDouble();
  }

  private static org.assertj.core.data.Offset<Double> within(double tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }

  private static int[] shape(String name) {
    JsonNode dims = fixture.get("files").get(name).get("shape");
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i).asInt();
    }
    return shape;
  }

  private static byte[] bytes(String name) throws IOException {
    return resource(DIR + fixture.get("files").get(name).get("file").asText());
  }

  private static float[] floats(String name) throws IOException {
    FloatBuffer buffer =
        ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static long[] longs(String name) throws IOException {
    LongBuffer buffer = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    long[] out = new long[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = ModelParityTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing " + path);
      }
      return in.readAllBytes();
    }
  }
}
