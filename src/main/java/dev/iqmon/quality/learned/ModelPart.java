package dev.iqmon.quality.learned;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One ONNX file of the learned model as the contract sees it: its name for messages, its
 * metadata_props, and the shape of each input and output (dynamic dimensions as -1, as ONNX Runtime
 * reports them). The checks add what disagrees to a list of problems instead of throwing, so that
 * {@link NetworkContract#read} can name every difference at once.
 */
public record ModelPart(
    String name,
    Map<String, String> metadata,
    Map<String, long[]> inputs,
    Map<String, long[]> outputs) {

  /** An expected dimension that must be dynamic (each image at its own size). */
  static final long DYNAMIC = -1;

  /** An expected dimension that must be fixed, of any size. */
  static final long STATIC = -2;

  /** An expected dimension that is not checked (its size could not be learned elsewhere). */
  static final long ANY = -3;

  public ModelPart {
    metadata = Map.copyOf(metadata);
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
  }

  /** Checks an input; returns its shape, or null (and a problem) when it is missing or wrong. */
  long[] input(String tensor, List<String> problems, long... afterBatch) {
    return check("input", inputs, tensor, problems, afterBatch);
  }

  /** Checks an output; returns its shape, or null (and a problem) when it is missing or wrong. */
  long[] output(String tensor, List<String> problems, long... afterBatch) {
    return check("output", outputs, tensor, problems, afterBatch);
  }

  /** Checks that {@code iqmon.part} names this file's role. */
  void requirePart(String part, List<String> problems) {
    String declared = metadata.get("iqmon.part");
    if (!part.equals(declared)) {
      problems.add(
          name
              + " should be the "
              + part
              + " part, but its metadata iqmon.part is "
              + (declared == null ? "missing" : "'" + declared + "'"));
    }
  }

  private long[] check(
      String kind,
      Map<String, long[]> shapes,
      String tensor,
      List<String> problems,
      long[] afterBatch) {
    long[] actual = shapes.get(tensor);
    if (actual == null) {
      problems.add(name + " has no " + kind + " '" + tensor + "' (it has " + shapes.keySet() + ")");
      return null;
    }
    boolean ok = actual.length == afterBatch.length + 1;
    for (int i = 0; ok && i < afterBatch.length; i++) {
      ok = matches(afterBatch[i], actual[i + 1]);
    }
    if (!ok) {
      problems.add(
          name
              + " "
              + kind
              + " '"
              + tensor
              + "' has shape "
              + Arrays.toString(actual)
              + ", expected "
              + describe(afterBatch));
      return null;
    }
    return actual;
  }

  private static boolean matches(long expected, long actual) {
    if (expected == ANY) {
      return true;
    }
    if (expected == DYNAMIC) {
      return actual < 0;
    }
    if (expected == STATIC) {
      return actual > 0;
    }
    return actual == expected;
  }

  private static String describe(long[] afterBatch) {
    StringBuilder sb = new StringBuilder("[batch");
    for (long e : afterBatch) {
      sb.append(", ");
      if (e == DYNAMIC) {
        sb.append("dynamic");
      } else if (e == STATIC || e == ANY) {
        sb.append("any");
      } else {
        sb.append(e);
      }
    }
    return sb.append(']').toString();
  }
}
