package dev.iqmon.segment;

import static dev.iqmon.onnx.OnnxModelBuilder.Attribute.integer;
import static dev.iqmon.onnx.OnnxModelBuilder.Attribute.ints;
import static dev.iqmon.onnx.OnnxModelBuilder.FLOAT;
import static dev.iqmon.onnx.OnnxModelBuilder.INT64;

import dev.iqmon.onnx.OnnxModelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny encoders and decoders with the signatures of the SAM ONNX exports, whose outputs are simple
 * functions of their inputs so that tests can predict every mask exactly.
 *
 * <p>Encoder: the embeddings are the input averaged over {@code side / embeddingSide} square cells
 * (padded layout), or over the whole input (the other layouts), shape {@code [1, 3, e, e]}.
 *
 * <p>Decoder: a prompt's region, in the decoder's point frame, is the bounding box of its box
 * corners (labels 2 and 3) and of squares of half-side {@link #RADIUS} around its foreground points
 * (label 1); background and padding points add nothing. A pixel's logit is {@link #GAIN} times the
 * distance, in frame pixels, from its centre (mapped into the frame per axis, as the resize does)
 * to the region's nearest edge, positive inside. Candidate {@code k} grows the region by {@code
 * grow[k]} frame pixels and predicts an IoU of the first point's x over the frame side plus {@code
 * iouOffset[k]}. Low-resolution logits sample the same function at the centres of a {@code side/4}
 * grid over the padded frame.
 */
public final class TinySam {

  static final float RADIUS = 4;
  static final float GAIN = 8;
  private static final float BIG = 1e6f;
  private static final int OPSET = 17;

  private TinySam() {}

  /** An encoder of the given layout; {@code side} and {@code embeddingSide} as for SAM's. */
  public static Path encoder(Path dir, EncoderLayout layout, int side, int embeddingSide)
      throws IOException {
    OnnxModelBuilder m = new OnnxModelBuilder(OPSET);
    String out;
    if (layout == EncoderLayout.PADDED) {
      String in = m.input("input_image", FLOAT, 1, 3, side, side);
      int k = side / embeddingSide;
      out = m.op("AveragePool", List.of(in), ints("kernel_shape", k, k), ints("strides", k, k));
    } else if (layout == EncoderLayout.RESIZED_HWC) {
      String in = m.input("input_image", FLOAT, "h", "w", 3);
      String chw = m.op("Transpose", List.of(in), ints("perm", 2, 0, 1));
      String nchw = m.op("Unsqueeze", List.of(chw, m.int64(new long[] {0}, 1)));
      out = m.op("GlobalAveragePool", List.of(nchw));
    } else {
      String in = m.input("batched_images", FLOAT, 1, 3, "h", "w");
      out = m.op("GlobalAveragePool", List.of(in));
    }
    m.node("Identity", List.of(out), "image_embeddings");
    m.output("image_embeddings", FLOAT);
    return m.write(dir.resolve("encoder-" + layout + ".onnx"));
  }

  /** What a tiny decoder looks like from outside. */
  public record Decoder(
      int side,
      boolean dynamicBatch,
      boolean queryAxis,
      boolean int64Size,
      boolean maskInput,
      boolean imageFrame,
      float[] grow,
      float[] iouOffset,
      String coords,
      String labels,
      String masks,
      String iou) {

    /** SAM's and MobileSAM's signature, single-mask export, prompts batchable. */
    public static Decoder sam(int side) {
      return new Decoder(
          side,
          true,
          false,
          false,
          true,
          false,
          new float[] {0},
          new float[] {0},
          "point_coords",
          "point_labels",
          "masks",
          "iou_predictions");
    }

    /** EfficientSAM's split decoder: queries axis, int64 size, image-frame points, 3 candidates. */
    public static Decoder efficientSam() {
      return new Decoder(
          1024,
          true,
          true,
          true,
          false,
          true,
          new float[] {-3, 0, 3},
          new float[] {-0.4f, 0, -0.2f},
          "batched_point_coords",
          "batched_point_labels",
          "output_masks",
          "iou_predictions");
    }

    public Decoder withFixedBatch() {
      return new Decoder(
          side,
          false,
          queryAxis,
          int64Size,
          maskInput,
          imageFrame,
          grow,
          iouOffset,
          coords,
          labels,
          masks,
          iou);
    }

    /** Multimask output: candidate 1 is the region itself and predicts the highest IoU. */
    public Decoder withCandidates() {
      return new Decoder(
          side,
          dynamicBatch,
          queryAxis,
          int64Size,
          maskInput,
          imageFrame,
          new float[] {-3, 0, 3},
          new float[] {-0.4f, 0, -0.2f},
          coords,
          labels,
          masks,
          iou);
    }
  }

  public static Path decoder(Path dir, Decoder d) throws IOException {
    OnnxModelBuilder m = new OnnxModelBuilder(OPSET);
    Object batch = d.dynamicBatch() ? "batch" : 1;
    m.input("image_embeddings", FLOAT, 1, 3, "eh", "ew");
    String coords =
        d.queryAxis()
            ? squeeze(m, m.input(d.coords(), FLOAT, 1, batch, "points", 2))
            : m.input(d.coords(), FLOAT, batch, "points", 2);
    String labels =
        d.queryAxis()
            ? squeeze(m, m.input(d.labels(), FLOAT, 1, batch, "points"))
            : m.input(d.labels(), FLOAT, batch, "points");
    if (d.maskInput()) {
      m.input("mask_input", FLOAT, 1, 1, d.side() / 4, d.side() / 4);
      m.input("has_mask_input", FLOAT, 1);
    }
    String size = m.input("orig_im_size", d.int64Size() ? INT64 : FLOAT, 2);
    if (d.int64Size()) {
      size = m.op("Cast", List.of(size), integer("to", FLOAT));
    }
    Region r = region(m, coords, labels);
    String h = m.op("Gather", List.of(size, m.int64(new long[] {0})), integer("axis", 0));
    String w = m.op("Gather", List.of(size, m.int64(new long[] {1})), integer("axis", 0));
    String longest = m.op("Max", List.of(h, w));
    String[] factors = d.imageFrame() ? null : factors(m, d.side(), h, w, longest);
    String xs = centres(m, w, factors == null ? null : factors[0], new long[] {1, 1, 1, -1});
    String ys = centres(m, h, factors == null ? null : factors[1], new long[] {1, 1, -1, 1});
    String logits = logits(m, r, xs, ys, d.grow());
    String frameSide = d.imageFrame() ? longest : m.scalar(d.side());
    String firstX = m.op("Gather", List.of(r.px, m.int64(new long[] {0}, 1)), integer("axis", 1));
    String iou =
        m.op(
            "Add",
            List.of(
                m.op("Div", List.of(firstX, frameSide)),
                m.constant(d.iouOffset(), 1, d.iouOffset().length)));
    output(m, d, logits, d.masks());
    output(m, d, iou, d.iou());
    if (!d.imageFrame()) {
      int low = d.side() / 4;
      float[] grid = new float[low];
      for (int i = 0; i < low; i++) {
        grid[i] = (i + 0.5f) * d.side() / low;
      }
      String lx = m.constant(grid, 1, 1, 1, low);
      String ly = m.constant(grid, 1, 1, low, 1);
      output(m, d, logits(m, r, lx, ly, d.grow()), "low_res_masks");
    }
    return m.write(dir.resolve("decoder.onnx"));
  }

  /** Each prompt's region bounds, {@code [B, 1, 1, 1]} each, and the points' x {@code [B, P]}. */
  private record Region(String lx, String hx, String ly, String hy, String px) {}

  private static Region region(OnnxModelBuilder m, String coords, String labels) {
    String px = m.op("Gather", List.of(coords, m.int64(new long[] {0})), integer("axis", 2));
    String py = m.op("Gather", List.of(coords, m.int64(new long[] {1})), integer("axis", 2));
    String fg = isLabel(m, labels, 1);
    String corner =
        m.op(
            "Cast",
            List.of(m.op("Or", List.of(equal(m, labels, 2), equal(m, labels, 3)))),
            integer("to", FLOAT));
    String valid = m.op("Add", List.of(fg, corner));
    String away = m.op("Mul", List.of(m.op("Sub", List.of(m.scalar(1), valid)), m.scalar(BIG)));
    String reach = m.op("Mul", List.of(fg, m.scalar(RADIUS)));
    return new Region(
        bound(m, "ReduceMin", m.op("Add", List.of(m.op("Sub", List.of(px, reach)), away))),
        bound(m, "ReduceMax", m.op("Sub", List.of(m.op("Add", List.of(px, reach)), away))),
        bound(m, "ReduceMin", m.op("Add", List.of(m.op("Sub", List.of(py, reach)), away))),
        bound(m, "ReduceMax", m.op("Sub", List.of(m.op("Add", List.of(py, reach)), away))),
        px);
  }

  private static String bound(OnnxModelBuilder m, String reduce, String values) {
    String b = m.op(reduce, List.of(values), ints("axes", 1), integer("keepdims", 1));
    return m.op("Unsqueeze", List.of(b, m.int64(new long[] {2, 3}, 2)));
  }

  /** The resize's per-axis factors {@code [fx, fy]}: rounded resized size over original size. */
  private static String[] factors(
      OnnxModelBuilder m, int side, String h, String w, String longest) {
    String scale = m.op("Div", List.of(m.scalar(side), longest));
    String[] out = new String[2];
    String[] lengths = {w, h};
    for (int i = 0; i < 2; i++) {
      String resized =
          m.op(
              "Floor",
              List.of(
                  m.op("Add", List.of(m.op("Mul", List.of(lengths[i], scale)), m.scalar(0.5f)))));
      out[i] = m.op("Div", List.of(resized, lengths[i]));
    }
    return out;
  }

  /** Pixel centres along one axis, mapped into the frame, reshaped for broadcasting. */
  private static String centres(OnnxModelBuilder m, String length, String factor, long[] shape) {
    String idx = m.op("Range", List.of(m.scalar(0), length, m.scalar(1)));
    String c = m.op("Add", List.of(idx, m.scalar(0.5f)));
    if (factor != null) {
      c = m.op("Mul", List.of(c, factor));
    }
    return m.op("Reshape", List.of(c, m.int64(shape, shape.length)));
  }

  private static String logits(OnnxModelBuilder m, Region r, String xs, String ys, float[] grow) {
    String dx =
        m.op("Min", List.of(m.op("Sub", List.of(xs, r.lx)), m.op("Sub", List.of(r.hx, xs))));
    String dy =
        m.op("Min", List.of(m.op("Sub", List.of(ys, r.ly)), m.op("Sub", List.of(r.hy, ys))));
    String d = m.op("Min", List.of(dx, dy));
    String grown = m.op("Add", List.of(d, m.constant(grow, 1, grow.length, 1, 1)));
    return m.op("Mul", List.of(grown, m.scalar(GAIN)));
  }

  private static void output(OnnxModelBuilder m, Decoder d, String value, String name) {
    String v =
        d.queryAxis() ? m.op("Unsqueeze", List.of(value, m.int64(new long[] {0}, 1))) : value;
    m.node("Identity", List.of(v), name);
    m.output(name, FLOAT);
  }

  private static String squeeze(OnnxModelBuilder m, String input) {
    return m.op("Squeeze", List.of(input, m.int64(new long[] {0}, 1)));
  }

  private static String isLabel(OnnxModelBuilder m, String labels, float label) {
    return m.op("Cast", List.of(equal(m, labels, label)), integer("to", FLOAT));
  }

  private static String equal(OnnxModelBuilder m, String labels, float label) {
    return m.op("Equal", List.of(labels, m.scalar(label)));
  }
}
