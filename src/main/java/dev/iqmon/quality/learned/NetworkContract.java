package dev.iqmon.quality.learned;

import dev.iqmon.quality.Distortion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the two ONNX files of the learned model promise, read from their input and output shapes and
 * their metadata rather than assumed: the input size {@code S}, the feature channels and grid, the
 * ROI mask grid {@code R}, the dense grid {@code D}, the normalisation, the distortion classes and
 * which weights they carry.
 *
 * @param distortions the distortion of each dense class after class 0 (clean), and of each column
 *     of {@code distortion_probs}, in the model's order
 * @param weights the {@code iqmon.weights} metadata: {@code trained}, or why not
 */
public record NetworkContract(
    String modelId,
    String modelVersion,
    String weights,
    int inputSize,
    int featureChannels,
    int featureGrid,
    int roiGrid,
    int denseGrid,
    float[] mean,
    float[] std,
    List<Distortion> distortions) {

  public static final String IMAGE = "image";
  public static final String FEATURES = "features";
  public static final String DEGRADATION_LOGITS = "degradation_logits";
  public static final String DEGRADATION_SEVERITY = "degradation_severity";
  public static final String ROI_MASKS = "roi_masks";
  public static final String ROI_IMAGE_INDEX = "roi_image_index";
  public static final String LEVEL_LOGITS = "level_logits";
  public static final String DISTORTION_PROBS = "distortion_probs";
  public static final String IMPORTANCE = "importance";
  public static final int LEVELS = 5;

  public NetworkContract {
    mean = mean.clone();
    std = std.clone();
    distortions = List.copyOf(distortions);
  }

  /** Whether the files carry trained weights (metadata {@code iqmon.weights} is "trained"). */
  public boolean trained() {
    return weights.trim().toLowerCase(Locale.ROOT).startsWith("trained");
  }

  /** The signature the shapes describe; each disagreement with the contract is named. */
  public static NetworkContract read(
      Map<String, String> metadata,
      Map<String, long[]> encoderInputs,
      Map<String, long[]> encoderOutputs,
      Map<String, long[]> headInputs,
      Map<String, long[]> headOutputs) {
    Shapes enc = new Shapes("the encoder", encoderInputs, encoderOutputs);
    Shapes head = new Shapes("the ROI head", headInputs, headOutputs);
    List<Distortion> distortions = distortions(metadata);
    int k = distortions.size();
    int s = enc.input(IMAGE, 3, -2, -2).dim(2);
    enc.input(IMAGE, 3, s, s);
    long[] features = enc.output(FEATURES, -2, -2, -2).dims;
    int c = (int) features[1];
    int g = (int) features[2];
    enc.output(FEATURES, c, g, g);
    int d = enc.output(DEGRADATION_LOGITS, k + 1, -2, -2).dim(2);
    enc.output(DEGRADATION_LOGITS, k + 1, d, d);
    enc.output(DEGRADATION_SEVERITY, 1, d, d);
    head.input(FEATURES, c, g, g);
    int r = head.input(ROI_MASKS, 1, -2, -2).dim(2);
    head.input(ROI_MASKS, 1, r, r);
    head.input(ROI_IMAGE_INDEX);
    head.output(LEVEL_LOGITS, LEVELS);
    head.output(DISTORTION_PROBS, k);
    head.output(IMPORTANCE, 1);
    checkDeclared(metadata, "iqmon.input_size", s);
    checkDeclared(metadata, "iqmon.feature_grid", g);
    checkDeclared(metadata, "iqmon.roi_grid", r);
    checkDeclared(metadata, "iqmon.dense_grid", d);
    return new NetworkContract(
        metadata.getOrDefault("iqmon.model_id", "iqmon-learned"),
        metadata.getOrDefault("iqmon.model_version", "unknown"),
        metadata.getOrDefault("iqmon.weights", "unknown"),
        s,
        c,
        g,
        r,
        d,
        triple(metadata, "iqmon.mean"),
        triple(metadata, "iqmon.std"),
        distortions);
  }

  private static List<Distortion> distortions(Map<String, String> metadata) {
    String names = require(metadata, "iqmon.distortions");
    List<Distortion> list = new ArrayList<>();
    for (String name : names.split(",")) {
      try {
        list.add(Distortion.ofKey(name.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "metadata iqmon.distortions names '" + name.trim() + "', which iqmon does not know");
      }
    }
    return list;
  }

  private static float[] triple(Map<String, String> metadata, String key) {
    String[] parts = require(metadata, key).split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "metadata " + key + " must hold 3 numbers, got '" + metadata.get(key) + "'");
    }
    float[] values = new float[3];
    for (int i = 0; i < 3; i++) {
      values[i] = Float.parseFloat(parts[i].trim());
    }
    return values;
  }

  private static void checkDeclared(Map<String, String> metadata, String key, int actual) {
    String declared = metadata.get(key);
    if (declared != null && Integer.parseInt(declared.trim()) != actual) {
      throw new IllegalArgumentException(
          "metadata " + key + " says " + declared.trim() + " but the shapes say " + actual);
    }
  }

  private static String require(Map<String, String> metadata, String key) {
    String value = metadata.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("metadata " + key + " is missing");
    }
    return value;
  }

  /** A network's tensor shapes; the first dimension (the batch) is dynamic and not checked. */
  private record Shapes(String part, Map<String, long[]> inputs, Map<String, long[]> outputs) {

    /** A shape with its dimensions after the batch; -2 in an expectation matches any size. */
    record Shape(long[] dims) {
      int dim(int i) {
        return (int) dims[i];
      }
    }

    Shape input(String name, long... expected) {
      return check("input", inputs, name, expected);
    }

    Shape output(String name, long... expected) {
      return check("output", outputs, name, expected);
    }

    private Shape check(String kind, Map<String, long[]> shapes, String name, long[] expected) {
      long[] actual = shapes.get(name);
      if (actual == null) {
        throw new IllegalArgumentException(
            part + " has no " + kind + " '" + name + "' (it has " + shapes.keySet() + ")");
      }
      boolean ok = actual.length == expected.length + 1;
      for (int i = 0; ok && i < expected.length; i++) {
        ok = expected[i] == -2 ? actual[i + 1] > 0 : actual[i + 1] == expected[i];
      }
      if (!ok) {
        throw new IllegalArgumentException(
            part
                + " "
                + kind
                + " '"
                + name
                + "' has shape "
                + Arrays.toString(actual)
                + ", expected [batch"
                + describe(expected)
                + "]");
      }
      return new Shape(actual);
    }

    private static String describe(long[] expected) {
      StringBuilder sb = new StringBuilder();
      for (long e : expected) {
        sb.append(", ").append(e == -2 ? "any" : Long.toString(e));
      }
      return sb.toString();
    }
  }
}
