package dev.iqmon.segment;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.Device;
import dev.iqmon.inference.LoadedSession;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.OnnxSessions;
import dev.iqmon.roi.ModelFrame;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.RoiSegmenter;
import dev.iqmon.roi.RoiShape;
import dev.iqmon.roi.SegmentationException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A promptable segmenter on two ONNX Runtime sessions, an image encoder and a prompt decoder, per
 * the {@link SamContract}. Each image is encoded once; its prompts go to the decoder in batches of
 * equal point count. One instance per model pair per process; safe to call from several threads;
 * closing it releases both sessions.
 */
public final class SamSegmenter implements RoiSegmenter, AutoCloseable {

  private final OrtEnvironment env = OnnxSessions.environment();
  private final OrtSession encoder;
  private final OrtSession decoder;
  private final String provider;
  private final SamContract contract;
  private final AutomaticMaskSettings automatic;
  private final DecoderLayout layout;
  private final FloatBuffer maskZeros;
  private final LongAdder encoderRuns = new LongAdder();
  private final LongAdder decoderRuns = new LongAdder();
  private final LongAdder prompts = new LongAdder();
  private final LongAdder preNanos = new LongAdder();
  private final LongAdder modelNanos = new LongAdder();
  private final LongAdder postNanos = new LongAdder();

  private SamSegmenter(
      LoadedSession encoder,
      LoadedSession decoder,
      SamContract contract,
      AutomaticMaskSettings automatic)
      throws OrtException {
    this.encoder = encoder.session();
    this.decoder = decoder.session();
    this.provider = encoder.provider();
    this.contract = contract;
    this.automatic = automatic;
    this.layout = DecoderLayout.inspect(this.decoder, contract.decoder(), embeddingShape());
    long[] mask = layout.maskInputShape();
    this.maskZeros =
        EncoderInput.allocate(
            mask == null ? 0 : (int) Arrays.stream(mask).reduce(1, (a, b) -> a * b));
  }

  /**
   * Opens both models on {@code device} ({@code auto}, {@code cpu} or {@code cuda}) and checks them
   * against the contract; the message of any mismatch names the tensor.
   */
  public static SamSegmenter open(
      Path encoderFile,
      Path decoderFile,
      SamContract contract,
      AutomaticMaskSettings automatic,
      Device device) {
    OnnxSessions sessions = new OnnxSessions(device, 0);
    LoadedSession encoder = null;
    LoadedSession decoder = null;
    try {
      encoder = sessions.open(new ModelSource(encoderFile.toString(), encoderFile, null));
      decoder = sessions.open(new ModelSource(decoderFile.toString(), decoderFile, null));
      EncoderCheck.check(encoder.session(), contract.encoder());
      return new SamSegmenter(encoder, decoder, contract, automatic);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(encoder);
      closeQuietly(decoder);
      throw new IllegalStateException(
          "cannot open the segmenter (" + encoderFile + ", " + decoderFile + "): " + e.getMessage(),
          e);
    }
  }

  /** Where the models run: {@code cpu} or {@code cuda}. */
  public String provider() {
    return provider;
  }

  @Override
  public Segmentation segment(RgbImage image, List<RoiShape.Prompt> asked, boolean auto) {
    ImageEmbedding embedding = embed(image);
    List<Optional<RegionMask>> masks =
        decode(embedding, asked, Double.NEGATIVE_INFINITY).stream()
            .map(SegmentedMask::mask)
            .toList();
    List<RegionMask> found = List.of();
    if (auto) {
      List<RoiShape.Prompt> grid =
          AutomaticMasks.grid(automatic.pointsPerSide(), image.width(), image.height());
      found =
          AutomaticMasks.select(
              decode(embedding, grid, automatic.predIouThreshold()), automatic, image.pixelCount());
    }
    return new Segmentation(masks, found);
  }

  /** Runs the encoder on one image. */
  public ImageEmbedding embed(RgbImage image) {
    long start = System.nanoTime();
    EncoderInput input = EncoderInput.of(image, contract.encoder());
    long ran = System.nanoTime();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input.values(), input.shape());
        OrtSession.Result result = encoder.run(Map.of(contract.encoder().input(), tensor))) {
      long done = System.nanoTime();
      OnnxTensor out = (OnnxTensor) result.get(contract.encoder().output()).orElseThrow();
      FloatBuffer values = EncoderInput.allocate((int) out.getInfo().getNumElements());
      values.put(out.getFloatBuffer()).rewind();
      encoderRuns.increment();
      preNanos.add(ran - start);
      modelNanos.add(done - ran);
      postNanos.add(System.nanoTime() - done);
      ModelFrame frame =
          new ModelFrame(image.width(), image.height(), contract.encoder().inputSize());
      return new ImageEmbedding(values, out.getInfo().getShape(), frame);
    } catch (OrtException e) {
      throw new SegmentationException("the image encoder failed: " + e.getMessage(), e);
    }
  }

  /** One mask per prompt, in order; prompts in image pixels. */
  public List<SegmentedMask> decode(ImageEmbedding embedding, List<RoiShape.Prompt> asked) {
    return decode(embedding, asked, Double.NEGATIVE_INFINITY);
  }

  private List<SegmentedMask> decode(
      ImageEmbedding embedding, List<RoiShape.Prompt> asked, double minIou) {
    SegmentedMask[] out = new SegmentedMask[asked.size()];
    Map<Integer, List<Integer>> byPointCount = new LinkedHashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      byPointCount
          .computeIfAbsent(PromptTensors.pointCount(asked.get(i)), k -> new ArrayList<>())
          .add(i);
    }
    for (List<Integer> group : byPointCount.values()) {
      for (int from = 0; from < group.size(); from += layout.batch()) {
        List<Integer> chunk = group.subList(from, Math.min(group.size(), from + layout.batch()));
        List<SegmentedMask> masks = run(embedding, chunk.stream().map(asked::get).toList(), minIou);
        for (int k = 0; k < chunk.size(); k++) {
          out[chunk.get(k)] = masks.get(k);
        }
      }
    }
    return Arrays.asList(out);
  }

  private List<SegmentedMask> run(
      ImageEmbedding embedding, List<RoiShape.Prompt> batch, double minIou) {
    long start = System.nanoTime();
    DecoderSpec spec = contract.decoder();
    ModelFrame frame = embedding.frame();
    PromptTensors t =
        PromptTensors.of(batch, spec.pointFrame() == DecoderSpec.PointFrame.MODEL ? frame : null);
    try (DecoderInputs inputs = new DecoderInputs(env, spec, layout)) {
      inputs.put(spec.embeddings(), embedding.values().duplicate(), embedding.shape());
      inputs.put(spec.pointCoords(), t.coords(), layout.coordsShape(t.prompts(), t.points()));
      inputs.put(spec.pointLabels(), t.labels(), layout.labelsShape(t.prompts(), t.points()));
      inputs.putOptional(frame, maskZeros);
      long ran = System.nanoTime();
      try (OrtSession.Result result =
          decoder.run(inputs.tensors(), Set.of(spec.masks(), spec.iouPredictions()))) {
        long done = System.nanoTime();
        DecoderOutput output = output(result, spec);
        List<SegmentedMask> masks =
            output.masks(t.prompts(), spec, frame, minIou, automatic.stabilityOffset());
        decoderRuns.increment();
        prompts.add(batch.size());
        preNanos.add(ran - start);
        modelNanos.add(done - ran);
        postNanos.add(System.nanoTime() - done);
        return masks;
      }
    } catch (OrtException | IllegalArgumentException e) {
      throw new SegmentationException("the prompt decoder failed: " + e.getMessage(), e);
    }
  }

  private static DecoderOutput output(OrtSession.Result result, DecoderSpec spec) {
    OnnxTensor masks = (OnnxTensor) result.get(spec.masks()).orElseThrow();
    OnnxTensor iou = (OnnxTensor) result.get(spec.iouPredictions()).orElseThrow();
    return new DecoderOutput(
        floats(masks), masks.getInfo().getShape(), floats(iou), iou.getInfo().getShape());
  }

  private static float[] floats(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.array().length == buffer.limit()) {
      return buffer.array();
    }
    float[] copy = new float[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  public SegmenterStats stats() {
    return new SegmenterStats(
        encoderRuns.sum(),
        decoderRuns.sum(),
        prompts.sum(),
        preNanos.sum() / 1e6,
        modelNanos.sum() / 1e6,
        postNanos.sum() / 1e6);
  }

  private long[] embeddingShape() throws OrtException {
    return ((TensorInfo) encoder.getOutputInfo().get(contract.encoder().output()).getInfo())
        .getShape();
  }

  @Override
  public void close() {
    closeQuietly(decoder);
    closeQuietly(encoder);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing to do about a session that will not close; the process releases it on exit.
    }
  }

  private static void closeQuietly(LoadedSession session) {
    if (session != null) {
      session.close();
    }
  }
}
