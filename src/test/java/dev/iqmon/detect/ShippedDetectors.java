package dev.iqmon.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.Device;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.OnnxSessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The detectors shipped in {@code models/}, the test photos and their hand-drawn boxes. */
final class ShippedDetectors {

  static final String OBJECTS = "detector-nanodet-g-416.onnx";
  static final String FACES = "detector-blazeface-back-256.onnx";

  private ShippedDetectors() {}

  /** The shipped detector in the file, on the CPU, batching up to {@code maxBatch} images. */
  static Detector open(String file, int maxBatch) {
    ModelSource source =
        ModelSource.locate("test", null, Path.of("models", file), "/models/" + file);
    OnnxDetectorNetwork network = OnnxDetectorNetwork.open(new OnnxSessions(Device.CPU, 1), source);
    return new Detector(network, maxBatch, Duration.ofMillis(20), size -> {});
  }

  /** A photo from {@code src/test/resources/detect} or the samples, decoded. */
  static RgbImage photo(String name) {
    String path = name.equals("astronaut.png") ? "/samples/" + name : "/detect/" + name;
    try (InputStream in = ShippedDetectors.class.getResourceAsStream(path)) {
      return new ImageDecoder().decode(in.readAllBytes()).image();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A box drawn by hand; {@code ignore}: too small or hidden to demand, not false when found. */
  record HandBox(String label, double x0, double y0, double x1, double y1, boolean ignore) {
    Detection asDetection() {
      return new Detection(label, 1, x0, y0, x1, y1);
    }
  }

  /** The boxes of {@code hand-boxes.json} for one photo. */
  static List<HandBox> handBoxes(String photo) {
    try (InputStream in = ShippedDetectors.class.getResourceAsStream("/detect/hand-boxes.json")) {
      JsonNode boxes = new ObjectMapper().readTree(in).path("photos").path(photo);
      List<HandBox> out = new ArrayList<>();
      for (JsonNode b : boxes) {
        JsonNode xy = b.path("box");
        out.add(
            new HandBox(
                b.path("label").asText(),
                xy.get(0).asDouble(),
                xy.get(1).asDouble(),
                xy.get(2).asDouble(),
                xy.get(3).asDouble(),
                b.path("ignore").asBoolean(false)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
