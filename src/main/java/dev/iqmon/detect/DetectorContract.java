package dev.iqmon.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a detector's ONNX file says about itself in its {@code iqmon.*} metadata, rather than what
 * iqmon assumes: the square input size, the channel order and normalisation, the labels, and how
 * its outputs decode (NanoDet's distribution of box sides, or BlazeFace's SSD anchors). Input
 * {@code image [batch, 3, size, size]}, letterboxed; outputs {@code scores_<stride>} and {@code
 * boxes_<stride>}.
 *
 * @param bgr whether the first input channel is blue (else red)
 */
public record DetectorContract(
    String name,
    Kind kind,
    int inputSize,
    boolean bgr,
    float[] mean,
    float[] std,
    List<String> labels,
    GflLayout gfl,
    SsdLayout ssd) {

  public static final String INPUT = "image";

  /** How the outputs decode. */
  public enum Kind {
    /** Generalised focal loss: per cell, class scores and a distribution over each box side. */
    GFL,
    /** Single-shot detector: per anchor, a score logit and a box relative to the anchor. */
    SSD
  }

  /** NanoDet's head: feature strides, the last bin of each side's distribution, cell centres. */
  public record GflLayout(List<Integer> strides, int regMax, double centreOffset) {
    public GflLayout {
      strides = List.copyOf(strides);
    }
  }

  /**
   * MediaPipe's SSD anchors: the stride of each layer (consecutive layers of one stride share a
   * grid), anchors per layer and cell, their centre offset, the scale of the raw box values, and
   * the clip applied to score logits.
   */
  public record SsdLayout(
      List<Integer> strides,
      int anchorsPerLayer,
      double anchorOffset,
      double boxScale,
      double scoreClip) {
    public SsdLayout {
      strides = List.copyOf(strides);
    }
  }

  public DetectorContract {
    mean = mean.clone();
    std = std.clone();
    labels = List.copyOf(labels);
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values each");
    }
    if ((kind == Kind.GFL) != (gfl != null) || (kind == Kind.SSD) != (ssd != null)) {
      throw new IllegalArgumentException("a " + kind + " detector needs its layout, and only it");
    }
  }

  /** The strides whose outputs the file has, in the order the decoders read them. */
  public List<Integer> outputStrides() {
    return List.copyOf(new TreeSet<>(kind == Kind.GFL ? gfl.strides() : ssd.strides()));
  }

  /** The output names the file must have. */
  public List<String> outputNames() {
    List<String> names = new ArrayList<>();
    outputStrides().forEach(s -> names.add("scores_" + s));
    outputStrides().forEach(s -> names.add("boxes_" + s));
    return names;
  }

  /** The contract in the metadata; a missing or malformed entry is named. */
  public static DetectorContract read(Map<String, String> metadata) {
    Meta m = new Meta(metadata);
    Kind kind = m.kind();
    return new DetectorContract(
        m.text("iqmon.detector.name"),
        kind,
        m.integer("iqmon.input.size"),
        m.channels(),
        m.floats("iqmon.input.mean"),
        m.floats("iqmon.input.std"),
        Arrays.asList(m.text("iqmon.labels").split(",")),
        kind == Kind.GFL
            ? new GflLayout(
                m.integers("iqmon.gfl.strides"),
                m.integer("iqmon.gfl.reg-max"),
                m.number("iqmon.gfl.centre-offset"))
            : null,
        kind == Kind.SSD
            ? new SsdLayout(
                m.integers("iqmon.ssd.strides"),
                m.integer("iqmon.ssd.anchors-per-layer"),
                m.number("iqmon.ssd.anchor-offset"),
                m.number("iqmon.ssd.box-scale"),
                m.number("iqmon.ssd.score-clip"))
            : null);
  }

  /** Typed reads of the metadata. */
  private record Meta(Map<String, String> values) {

    String text(String key) {
      String value = values.get(key);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("no " + key + " in the metadata");
      }
      return value.trim();
    }

    Kind kind() {
      String kind = text("iqmon.detector.kind");
      try {
        return Kind.valueOf(kind.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("iqmon.detector.kind '" + kind + "' is not gfl or ssd");
      }
    }

    boolean channels() {
      String order = text("iqmon.input.channels");
      if (!order.equals("RGB") && !order.equals("BGR")) {
        throw new IllegalArgumentException("iqmon.input.channels is RGB or BGR, got " + order);
      }
      return order.equals("BGR");
    }

    double number(String key) {
      try {
        return Double.parseDouble(text(key));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " is not a number: " + values.get(key));
      }
    }

    int integer(String key) {
      double value = number(key);
      if (value != Math.rint(value) || value < 1) {
        throw new IllegalArgumentException(key + " is not a positive whole number: " + value);
      }
      return (int) value;
    }

    List<Integer> integers(String key) {
      List<Integer> out = new ArrayList<>();
      for (String part : text(key).split(",")) {
        out.add(new Meta(Map.of(key, part)).integer(key));
      }
      return out;
    }

    float[] floats(String key) {
      String[] parts = text(key).split(",");
      float[] out = new float[parts.length];
      for (int i = 0; i < parts.length; i++) {
        out[i] = (float) new Meta(Map.of(key, parts[i])).number(key);
      }
      return out;
    }
  }
}
