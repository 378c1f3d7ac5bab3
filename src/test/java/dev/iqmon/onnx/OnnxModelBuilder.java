package dev.iqmon.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests: a graph of nodes over named inputs, constant initializers and
 * outputs, encoded as the ONNX protobuf messages (ModelProto, GraphProto, NodeProto, TensorProto,
 * ValueInfoProto, AttributeProto) with only the fields these models need.
 */
public final class OnnxModelBuilder {

  /** TensorProto.DataType values. */
  public static final int FLOAT = 1;

  public static final int INT64 = 7;

  private static final long IR_VERSION = 8;

  private final int opset;
  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();
  private int counter;

  public OnnxModelBuilder(int opset) {
    this.opset = opset;
  }

  /** A graph input; each dimension is a number (fixed) or a string (a named, dynamic dimension). */
  public String input(String name, int elemType, Object... dims) {
    inputs.add(valueInfo(name, elemType, dims));
    return name;
  }

  /** A graph output; with no dimensions its shape is left unstated. */
  public void output(String name, int elemType, Object... dims) {
    outputs.add(valueInfo(name, elemType, dims));
  }

  /** A float constant of the given shape ({@code dims} empty for a scalar). */
  public String constant(float[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    return initializer(FLOAT, raw.array(), dims);
  }

  /** A float scalar constant. */
  public String scalar(float value) {
    return constant(new float[] {value});
  }

  /** An int64 constant of the given shape ({@code dims} empty for a scalar). */
  public String int64(long[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      raw.putLong(v);
    }
    return initializer(INT64, raw.array(), dims);
  }

  /** Adds a node whose single output gets a fresh name, which it returns. */
  public String op(String type, List<String> in, Attribute... attributes) {
    String out = type.toLowerCase(java.util.Locale.ROOT) + "_" + counter++;
    node(type, in, out, attributes);
    return out;
  }

  /** Adds a node writing to a named output (a graph output, usually). */
  public void node(String type, List<String> in, String out, Attribute... attributes) {
    ProtoWriter node = new ProtoWriter();
    in.forEach(name -> node.string(1, name));
    node.string(2, out);
    node.string(3, out + "_node");
    node.string(4, type);
    for (Attribute a : attributes) {
      node.message(5, a.proto());
    }
    nodes.add(node);
  }

  public byte[] toBytes() {
    ProtoWriter graph = new ProtoWriter();
    nodes.forEach(n -> graph.message(1, n));
    graph.string(2, "test");
    initializers.forEach(t -> graph.message(5, t));
    inputs.forEach(i -> graph.message(11, i));
    outputs.forEach(o -> graph.message(12, o));
    return new ProtoWriter()
        .varint(1, IR_VERSION)
        .string(2, "iqmon-tests")
        .message(7, graph)
        .message(8, new ProtoWriter().string(1, "").varint(2, opset))
        .toBytes();
  }

  public Path write(Path file) throws java.io.IOException {
    return Files.write(file, toBytes());
  }

  private String initializer(int type, byte[] raw, long[] dims) {
    String name = "const_" + counter++;
    ProtoWriter tensor = new ProtoWriter();
    for (long d : dims) {
      tensor.varint(1, d);
    }
    tensor.varint(2, type).string(8, name).bytes(9, raw);
    initializers.add(tensor);
    return name;
  }

  private static ProtoWriter valueInfo(String name, int elemType, Object[] dims) {
    ProtoWriter tensorType = new ProtoWriter().varint(1, elemType);
    if (dims.length > 0) {
      ProtoWriter shape = new ProtoWriter();
      for (Object d : dims) {
        ProtoWriter dim = new ProtoWriter();
        if (d instanceof String param) {
          dim.string(2, param);
        } else {
          dim.varint(1, ((Number) d).longValue());
        }
        shape.message(1, dim);
      }
      tensorType.message(2, shape);
    }
    return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
  }

  /** A node attribute: an int, a float or a list of ints. */
  public static final class Attribute {
    private final String name;
    private final ValueWriter value;

    private Attribute(String name, ValueWriter value) {
      this.name = name;
      this.value = value;
    }

    public static Attribute ints(String name, long... values) {
      return new Attribute(
          name,
          w -> {
            for (long v : values) {
              w.varint(8, v);
            }
            w.varint(20, 7);
          });
    }

    public static Attribute integer(String name, long value) {
      return new Attribute(name, w -> w.varint(3, value).varint(20, 2));
    }

    public static Attribute real(String name, float value) {
      return new Attribute(name, w -> w.fixed32(2, value).varint(20, 1));
    }

    ProtoWriter proto() {
      ProtoWriter w = new ProtoWriter().string(1, name);
      value.writeTo(w);
      return w;
    }
  }

  /** Writes an attribute's value fields (AttributeProto {@code f}, {@code i} or {@code ints}). */
  @FunctionalInterface
  interface ValueWriter {
    void writeTo(ProtoWriter writer);
  }
}
