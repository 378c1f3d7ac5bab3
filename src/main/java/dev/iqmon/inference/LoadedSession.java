package dev.iqmon.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An open ONNX Runtime session, the provider it runs on ({@code cpu} or {@code cuda}) and the
 * source it was loaded from. Whoever opened it closes it.
 */
public record LoadedSession(OrtSession session, String provider, ModelSource source)
    implements AutoCloseable {

  /** The model's metadata_props. */
  public Map<String, String> metadata() {
    try {
      return session.getMetadata().getCustomMetadata();
    } catch (OrtException e) {
      throw new ModelLoadException("cannot read the metadata of " + source.name(), e);
    }
  }

  /** The shape of each input, dynamic dimensions as -1. */
  public Map<String, long[]> inputShapes() {
    try {
      return shapes(session.getInputInfo());
    } catch (OrtException e) {
      throw new ModelLoadException("cannot read the inputs of " + source.name(), e);
    }
  }

  /** The shape of each output, dynamic dimensions as -1. */
  public Map<String, long[]> outputShapes() {
    try {
      return shapes(session.getOutputInfo());
    } catch (OrtException e) {
      throw new ModelLoadException("cannot read the outputs of " + source.name(), e);
    }
  }

  private Map<String, long[]> shapes(Map<String, NodeInfo> nodes) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    nodes.forEach(
        (name, node) -> {
          if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelLoadException(source.name() + ": " + name + " is not a tensor");
          }
          shapes.put(name, tensor.getShape());
        });
    return shapes;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the session of " + source.name(), e);
    }
  }
}
