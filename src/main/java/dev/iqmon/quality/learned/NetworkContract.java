package dev.iqmon.quality.learned;

import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ScoreLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the two ONNX files of the learned model (3.x) promise, read from their tensor shapes and
 * their metadata rather than assumed: the cell size in pixels, the width of a cell's feature vector
 * ({@code 2C}: C means, then C second moments), the distortion classes, and which weights they
 * carry. The rules Java applies (input values, pooling, score) are compared with the ones the files
 * declare word for word, so a model that needs other pre- or post-processing is refused instead of
 * scored wrongly.
 *
 * @param cell the side of one encoder cell in pixels ({@code iqmon.cell})
 * @param channels {@code 2C}: the width of {@code cells}, {@code local} and {@code global}
 * @param distortions the distortion of each dense class after class 0 (clean), and of each column
 *     of {@code distortion_probs}, in the model's order
 * @param weights the {@code iqmon.weights} metadata: {@code trained}, or why not
 */
public record NetworkContract(
    String modelId,
    String modelVersion,
    String weights,
    int cell,
    int channels,
    List<Distortion> distortions) {

  public static final String IMAGE = "image";
  public static final String CELLS = "cells";
  public static final String DEGRADATION_LOGITS = "degradation_logits";
  public static final String DEGRADATION_SEVERITY = "degradation_severity";
  public static final String LOCAL = "local";
  public static final String GLOBAL = "global";
  public static final String AREA = "area";
  public static final String LEVEL_LOGITS = "level_logits";
  public static final String DISTORTION_PROBS = "distortion_probs";
  public static final String IMPORTANCE = "importance";
  public static final int LEVELS = 5;

  /** The model versions this code reads: 3.x. */
  static final String MAJOR_VERSION = "3";

  /** The metadata that says, in words, what Java computes; a file must declare exactly these. */
  static final Map<String, String> RULES =
      Map.of(
          "iqmon.input",
          "RGB, pixel / 255, float32 NCHW, the image at its own size",
          "iqmon.pooling",
          "local = mean of the cells weighted by the fraction of each whole cell inside the ROI; "
              + "global = mean of all cells; area = the ROI's share of the whole cells",
          "iqmon.score",
          "softmax(level_logits); E = sum p_i * i (i = 1..5); score = (E - 1) * 25");

  public NetworkContract {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(weights, "weights");
    if (cell < 1 || channels < 2 || channels % 2 != 0) {
      throw new IllegalArgumentException(
          "a cell of " + cell + " pixels with " + channels + " channels is not a 3.x contract");
    }
    distortions = List.copyOf(distortions);
  }

  /** Whether the files carry trained weights (metadata {@code iqmon.weights} is "trained"). */
  public boolean trained() {
    return weights.trim().toLowerCase(Locale.ROOT).startsWith("trained");
  }

  /** Dense classes: clean, then one per distortion. */
  public int classes() {
    return distortions.size() + 1;
  }

  /**
   * The contract the two files describe. Every way in which they differ from it is named in one
   * {@link IllegalArgumentException}, so a file of another version says all that is wrong at once.
   */
  public static NetworkContract read(ModelPart encoder, ModelPart head) {
    List<String> problems = new ArrayList<>();
    checkMetadata(encoder, head, problems);
    int before = problems.size();
    List<Distortion> distortions = distortions(encoder.metadata(), problems);
    int types = problems.size() == before ? distortions.size() : -1;
    int cell = cell(encoder.metadata(), problems);
    int channels = checkShapes(encoder, head, types, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Map<String, String> m = encoder.metadata();
    return new NetworkContract(
        m.get("iqmon.model_id"),
        m.get("iqmon.model_version"),
        m.get("iqmon.weights"),
        cell,
        channels,
        distortions);
  }

  /** Checks every tensor; {@code types} is the number of distortions, -1 when unknown. */
  private static int checkShapes(ModelPart encoder, ModelPart head, int types, List<String> out) {
    long k = types >= 0 ? types : ModelPart.ANY;
    encoder.input(IMAGE, out, 3, ModelPart.DYNAMIC, ModelPart.DYNAMIC);
    long[] cells =
        encoder.output(CELLS, out, ModelPart.STATIC, ModelPart.DYNAMIC, ModelPart.DYNAMIC);
    long c = cells == null ? ModelPart.ANY : cells[1];
    if (c != ModelPart.ANY && c % 2 != 0) {
      out.add("the encoder's output 'cells' has " + c + " channels, not an even number (2C)");
    }
    long kPlus1 = k == ModelPart.ANY ? k : k + 1;
    encoder.output(DEGRADATION_LOGITS, out, kPlus1, ModelPart.DYNAMIC, ModelPart.DYNAMIC);
    encoder.output(DEGRADATION_SEVERITY, out, 1, ModelPart.DYNAMIC, ModelPart.DYNAMIC);
    head.input(LOCAL, out, c);
    head.input(GLOBAL, out, c);
    head.input(AREA, out, 1);
    head.output(LEVEL_LOGITS, out, LEVELS);
    head.output(DISTORTION_PROBS, out, k);
    head.output(IMPORTANCE, out, 1);
    return (int) c;
  }

  private static void checkMetadata(ModelPart encoder, ModelPart head, List<String> out) {
    Map<String, String> m = encoder.metadata();
    String version = m.get("iqmon.model_version");
    if (version == null || !version.trim().split("\\.")[0].equals(MAJOR_VERSION)) {
      out.add(
          "metadata iqmon.model_version is "
              + quoted(version)
              + " (this iqmon reads model versions "
              + MAJOR_VERSION
              + ".x)");
    }
    encoder.requirePart("encoder", out);
    head.requirePart("roi-head", out);
    for (String key : List.of("iqmon.model_id", "iqmon.weights")) {
      if (m.get(key) == null) {
        out.add("metadata " + key + " is missing");
      }
    }
    String levels =
        Stream.of(ScoreLevel.values())
            .map(l -> l.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(","));
    requireEqual(m, "iqmon.levels", levels, out);
    new TreeMap<>(RULES).forEach((key, rule) -> requireEqual(m, key, rule, out));
    sameInBoth(encoder, head, out);
  }

  /** The two files come from one export: every iqmon key but the part is the same in both. */
  private static void sameInBoth(ModelPart encoder, ModelPart head, List<String> out) {
    Set<String> keys = new TreeSet<>(encoder.metadata().keySet());
    keys.addAll(head.metadata().keySet());
    for (String key : keys) {
      String mine = encoder.metadata().get(key);
      String theirs = head.metadata().get(key);
      if (key.startsWith("iqmon.") && !key.equals("iqmon.part") && !Objects.equals(mine, theirs)) {
        out.add(
            "the encoder and the ROI head differ in "
                + key
                + " ("
                + quoted(mine)
                + " against "
                + quoted(theirs)
                + "): they are not from one export");
      }
    }
  }

  private static void requireEqual(
      Map<String, String> metadata, String key, String expected, List<String> out) {
    String actual = metadata.get(key);
    if (!expected.equals(actual)) {
      out.add(
          "metadata " + key + " is " + quoted(actual) + ", but iqmon applies " + quoted(expected));
    }
  }

  private static int cell(Map<String, String> metadata, List<String> out) {
    String value = metadata.get("iqmon.cell");
    try {
      int cell = Integer.parseInt(value == null ? "" : value.trim());
      if (cell >= 1) {
        return cell;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    out.add("metadata iqmon.cell is " + quoted(value) + ", not a cell size in pixels");
    return 1;
  }

  private static List<Distortion> distortions(Map<String, String> metadata, List<String> out) {
    String names = metadata.get("iqmon.distortions");
    List<Distortion> list = new ArrayList<>();
    if (names == null || names.isBlank()) {
      out.add("metadata iqmon.distortions is missing");
      return list;
    }
    for (String name : names.split(",")) {
      try {
        list.add(Distortion.ofKey(name.trim()));
      } catch (IllegalArgumentException e) {
        out.add(
            "metadata iqmon.distortions names '" + name.trim() + "', which iqmon does not know");
      }
    }
    return list;
  }

  private static String quoted(String value) {
    return value == null ? "missing" : "'" + value + "'";
  }
}
