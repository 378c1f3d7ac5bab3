package dev.iqmon.segment;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a decoder file itself says about its inputs: the rank of the coordinate tensor ({@code [B,
 * P, 2]} or {@code [1, B, P, 2]}), how many prompts one call may carry (any number up to the
 * configured maximum when that axis is dynamic, else one), whether the image size is int64, and the
 * shape of the mask input when it has one.
 */
record DecoderLayout(
    int coordsRank, int batch, boolean sizeIsInt64, long[] maskInputShape, Set<String> inputs) {

  static DecoderLayout inspect(OrtSession decoder, DecoderSpec spec, long[] embeddingShape)
      throws OrtException {
    Map<String, NodeInfo> in = decoder.getInputInfo();
    require(in.keySet(), "input", spec.embeddings(), spec.pointCoords(), spec.pointLabels());
    require(decoder.getOutputInfo().keySet(), "output", spec.masks(), spec.iouPredictions());
    Set<String> known =
        new HashSet<>(List.of(spec.embeddings(), spec.pointCoords(), spec.pointLabels()));
    for (String optional :
        new String[] {spec.maskInput(), spec.hasMaskInput(), spec.origImSize()}) {
      if (optional != null) {
        known.add(optional);
      }
    }
    for (String name : in.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "the decoder has an input '" + name + "' that iqmon does not know how to fill");
      }
    }
    long[] coords = shape(in, spec.pointCoords());
    if (coords.length != 3 && coords.length != 4) {
      throw new IllegalArgumentException(
          "point coordinates must be [B, P, 2] or [1, B, P, 2], the decoder declares rank "
              + coords.length);
    }
    long promptAxis = coords[coords.length - 3];
    if (promptAxis > 1) {
      throw new IllegalArgumentException(
          "the decoder's prompt axis is fixed at " + promptAxis + "; iqmon needs it dynamic or 1");
    }
    int batch = promptAxis < 0 ? spec.maxPromptsPerCall() : 1;
    boolean int64 =
        in.containsKey(nonNull(spec.origImSize()))
            && type(in, spec.origImSize()) == OnnxJavaType.INT64;
    long[] mask = null;
    if (in.containsKey(nonNull(spec.maskInput()))) {
      mask = shape(in, spec.maskInput()).clone();
      for (int i = 0; i < mask.length; i++) {
        if (mask[i] < 0) {
          long side = i < embeddingShape.length ? embeddingShape[i] : -1;
          mask[i] = i < 2 ? 1 : side > 0 ? 4 * side : 256;
        }
      }
    }
    return new DecoderLayout(coords.length, batch, int64, mask, new HashSet<>(in.keySet()));
  }

  boolean declares(String name) {
    return name != null && inputs.contains(name);
  }

  long[] coordsShape(int prompts, int points) {
    return coordsRank == 3 ? new long[] {prompts, points, 2} : new long[] {1, prompts, points, 2};
  }

  long[] labelsShape(int prompts, int points) {
    return coordsRank == 3 ? new long[] {prompts, points} : new long[] {1, prompts, points};
  }

  private static void require(Set<String> declared, String what, String... names) {
    for (String name : names) {
      if (!declared.contains(name)) {
        throw new IllegalArgumentException(
            "the decoder has no " + what + " named '" + name + "'; it has " + declared);
      }
    }
  }

  private static String nonNull(String name) {
    return name == null ? "" : name;
  }

  private static long[] shape(Map<String, NodeInfo> in, String name) {
    return ((TensorInfo) in.get(name).getInfo()).getShape();
  }

  private static OnnxJavaType type(Map<String, NodeInfo> in, String name) {
    return ((TensorInfo) in.get(name).getInfo()).type;
  }
}
