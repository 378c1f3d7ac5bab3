package dev.iqmon.quality.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.NativeBuffers;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.LevelDistribution;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime Java and iqmon's pooling against PyTorch, on the fixture that {@code
 * training/parity.py} writes to {@code src/test/resources/model-parity/}: the sample photos at
 * their own size, ROI boxes, and what the training code computes for them. Everything (photos,
 * boxes, shapes, tolerances, scores) is read from {@code parity.json}, so a fixture regenerated
 * with other weights or boxes needs no change here. Each check prints the largest difference it
 * saw, and the last one prints them all. A missing fixture fails every test: the shipped model is
 * then unchecked.
 */
class ModelParityTest {

  private static final String DIR = "/model-parity/";
  private static final Map<String, String> LARGEST = new TreeMap<>();
  private static JsonNode fixture;
  private static OnnxQualityNetworks networks;
  private static List<RgbImage> photos;
  private static List<EncodedImages> encoded;

  @BeforeAll
  static void encodeThePhotos() throws IOException {
    try (InputStream in = ModelParityTest.class.getResourceAsStream(DIR + "parity.json")) {
      if (in == null) {
        fail(
            "the parity fixture src/test/resources%sparity.json is missing: it is committed with"
                + " the model; training/parity.py writes it",
            DIR);
      }
      fixture = new ObjectMapper().readTree(in);
    }
    networks = ShippedModel.networks();
    photos = new ArrayList<>();
    encoded = new ArrayList<>();
    for (JsonNode source : fixture.get("sources")) {
      String file = source.asText().replace("src/main/resources", "");
      RgbImage photo = new ImageDecoder().decode(resource(file), null).image();
      FloatBuffer tensor = NativeBuffers.floats(3 * photo.width() * photo.height());
      ImageTensor.write(photo, tensor);
      photos.add(photo);
      encoded.add(networks.encode(tensor.rewind(), 1, photo.width(), photo.height()));
    }
  }

  @AfterAll
  static void report() {
    System.out.println("model parity, largest differences from PyTorch: " + LARGEST);
    if (networks != null) {
      networks.close();
    }
  }

  @Test
  void shouldReadTheModelAndThePhotosTheFixtureWasMadeFrom() {
    assertThat(networks.contract().modelId()).isEqualTo(fixture.get("model_id").asText());
    assertThat(networks.contract().modelVersion()).isEqualTo(fixture.get("model_version").asText());
    for (int n = 0; n < photos.size(); n++) {
      JsonNode size = fixture.get("image_sizes").get(n);
      assertThat(List.of(photos.get(n).height(), photos.get(n).width()))
          .as("height and width of photo %d", n)
          .containsExactly(size.get(0).asInt(), size.get(1).asInt());
    }
  }

  @Test
  void shouldComputeTheDenseMapsAsPyTorch() throws IOException {
    for (int n = 0; n < photos.size(); n++) {
      assertClose("degradation_logits", n, values(encoded.get(n).logits(0)));
      assertClose("degradation_severity", n, values(encoded.get(n).severity(0)));
    }
  }

  @Test
  void shouldPoolTheGlobalTokenAsPyTorch() throws IOException {
    for (int n = 0; n < photos.size(); n++) {
      assertClose("global", n, pooled(n, List.of()).global());
    }
  }

  @Test
  void shouldWeighTheCellsOfEachBoxAsTheTrainingCode() throws IOException {
    JsonNode boxes = fixture.get("roi_boxes");
    for (int k = 0; k < boxes.size(); k++) {
      CellGrid grid = grid(boxes.get(k).get(0).asInt());
      assertClose("cell_fractions", k, grid.weights(roi(boxes.get(k))).dense(grid));
    }
  }

  @Test
  void shouldPoolEachBoxAndScoreItAsPyTorch() throws IOException {
    List<PooledRegions> perBox = new ArrayList<>();
    for (JsonNode box : fixture.get("roi_boxes")) {
      perBox.add(pooled(box.get(0).asInt(), List.of(roi(box))));
    }
    int m = perBox.size();
    int c = networks.contract().channels();
    FloatBuffer local = NativeBuffers.floats(m * c);
    FloatBuffer global = NativeBuffers.floats(m * c);
    FloatBuffer area = NativeBuffers.floats(m);
    perBox.forEach(p -> local.put(p.local()));
    perBox.forEach(p -> global.put(p.global()));
    perBox.forEach(p -> area.put(p.area()));
    assertClose("local", -1, values(local.rewind()));

    QualityNetworks.RoiOutputs out = networks.scoreRois(local, global.rewind(), area.rewind(), m);

    assertClose("level_logits", -1, out.levelLogits());
    assertClose("distortion_probs", -1, out.distortionProbs());
    assertClose("importance", -1, out.importance());
    double[] scores = new double[m];
    for (int k = 0; k < m; k++) {
      scores[k] =
          LevelDistribution.fromLogits(Arrays.copyOfRange(out.levelLogits(), 5 * k, 5 * k + 5))
              .score();
    }
    assertScores("score", scores);
  }

  @Test
  void shouldScoreTheBoxesEndToEndAsPyTorch() {
    List<List<Roi>> rois = new ArrayList<>();
    photos.forEach(p -> rois.add(new ArrayList<>()));
    List<Integer> order = new ArrayList<>();
    for (JsonNode box : fixture.get("roi_boxes")) {
      order.add(box.get(0).asInt());
      rois.get(box.get(0).asInt()).add(roi(box));
    }
    List<ImageJob> jobs = new ArrayList<>();
    for (int n = 0; n < photos.size(); n++) {
      jobs.add(new ImageJob(photos.get(n), rois.get(n)));
    }
    List<ImageResult> results;
    try (LearnedModel model =
        new LearnedModel(ShippedModel.networks(), DegradedRegionSettings.OFF, false, 1L << 26)) {
      results = model.score(jobs);
    }
    double[] scores = new double[order.size()];
    int[] next = new int[photos.size()];
    for (int k = 0; k < order.size(); k++) {
      int n = order.get(k);
      scores[k] = results.get(n).regions().get(next[n]++).quality().score();
    }
    assertScores("score (LearnedModel)", scores);
  }

  private static CellGrid grid(int n) {
    RgbImage photo = photos.get(n);
    return CellGrid.of(
        photo.width(),
        photo.height(),
        new EncoderInput(photo.width(), photo.height()),
        networks.contract().cell());
  }

  private static PooledRegions pooled(int n, List<Roi> rois) {
    return PooledRegions.pool(encoded.get(n), 0, grid(n), rois);
  }

  /** A fixture box: image, x, y, width, height. */
  private static Roi roi(JsonNode box) {
    PixelBox pixels =
        new PixelBox(
            box.get(1).asInt(), box.get(2).asInt(), box.get(3).asInt(), box.get(4).asInt());
    return new Roi("box-" + box, "box", RoiOrigin.EVENT, pixels, null);
  }

  /** Compares with the fixture's array {@code name}, or {@code name_k} for image or box k. */
  private static void assertClose(String name, int k, float[] ours) throws IOException {
    String file = k < 0 ? name : name + "_" + k;
    float[] theirs = floats(file);
    assertThat(ours).as(file + " length").hasSameSizeAs(theirs);
    double worst = 0;
    for (int i = 0; i < theirs.length; i++) {
      worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    }
    record(file, worst);
    assertThat(worst)
        .as(file + ": largest difference from PyTorch")
        .isLessThanOrEqualTo(tolerance(name));
  }

  private static void assertScores(String what, double[] ours) {
    JsonNode theirs = fixture.get("scores");
    assertThat(ours).as(what + " count").hasSize(theirs.size());
    double worst = 0;
    for (int k = 0; k < ours.length; k++) {
      worst = Math.max(worst, Math.abs(ours[k] - theirs.get(k).asDouble()));
    }
    record(what, worst);
    assertThat(worst).as(what + ": largest difference").isLessThanOrEqualTo(tolerance("score"));
  }

  private static synchronized void record(String what, double worst) {
    System.out.printf("model parity, %s: largest difference from PyTorch %.2g%n", what, worst);
    LARGEST.put(what, String.format("%.2g", worst));
  }

  private static double tolerance(String name) {
    JsonNode t = fixture.get("absolute_tolerance").get(name);
    assertThat(t).as("the fixture's tolerance for " + name).isNotNull();
    return t.asDouble();
  }

  private static float[] values(FloatBuffer buffer) {
    float[] out = new float[buffer.limit()];
    buffer.get(0, out);
    return out;
  }

  private static float[] floats(String name) throws IOException {
    JsonNode entry = fixture.get("files").get(name);
    assertThat(entry).as("the fixture's array " + name).isNotNull();
    FloatBuffer buffer =
        ByteBuffer.wrap(resource(DIR + entry.get("file").asText()))
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    long expected = 1;
    for (JsonNode d : entry.get("shape")) {
      expected *= d.asLong();
    }
    assertThat((long) buffer.remaining()).as(name + " size against its shape").isEqualTo(expected);
    float[] out = new float[buffer.remaining()];
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
