package dev.iqmon.detect;

import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.CallCombiner;
import dev.iqmon.inference.NativeBuffers;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One detector, ready to look at decoded images: the input made from the decoded pixels, the
 * network, the box decoding and non-maximum suppression, and the boxes mapped back to the image.
 * Calls from several threads (the scoring workers) are combined into batches of at most {@code
 * maxBatch} images by a {@link CallCombiner}, each call waiting at most {@code maxWait} for others.
 * Thread-safe. Closing it closes the network.
 */
public final class Detector implements AutoCloseable {

  /** One image to look at, and the least confidence worth returning for it. */
  public record Job(RgbImage image, double minConfidence) {}

  private final DetectorNetwork network;
  private final DetectorContract contract;
  private final SsdAnchors anchors;
  private final int maxBatch;
  private final CallCombiner<Job, List<Detection>> combiner;
  private final AtomicBoolean closed = new AtomicBoolean();

  public Detector(DetectorNetwork network, int maxBatch, Duration maxWait, IntConsumer batchSizes) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
    }
    this.network = network;
    this.contract = network.contract();
    this.anchors =
        contract.kind() == DetectorContract.Kind.SSD
            ? SsdAnchors.of(contract.ssd(), contract.inputSize())
            : null;
    this.maxBatch = maxBatch;
    this.combiner =
        maxBatch > 1 ? new CallCombiner<>(this::inBatches, maxBatch, maxWait, batchSizes) : null;
  }

  public DetectorContract contract() {
    return contract;
  }

  public String provider() {
    return network.provider();
  }

  /** What the detector finds in one image, most confident first, in image pixels. */
  public List<Detection> detect(RgbImage image, double minConfidence) {
    return detect(List.of(new Job(image, minConfidence))).get(0);
  }

  /** What it finds in each image, in order; combined with other threads' calls when it may. */
  public List<List<Detection>> detect(List<Job> jobs) {
    return combiner != null ? combiner.call(jobs) : inBatches(jobs);
  }

  private List<List<Detection>> inBatches(List<Job> jobs) {
    List<List<Detection>> out = new ArrayList<>(jobs.size());
    for (int from = 0; from < jobs.size(); from += maxBatch) {
      out.addAll(batch(jobs.subList(from, Math.min(jobs.size(), from + maxBatch))));
    }
    return out;
  }

  private List<List<Detection>> batch(List<Job> jobs) {
    int s = contract.inputSize();
    FloatBuffer input = NativeBuffers.floats(jobs.size() * 3 * s * s);
    List<Letterbox> boxes = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      boxes.add(DetectorInput.put(job.image(), contract, input));
    }
    input.rewind();
    DetectorOutputs outputs = network.run(input, jobs.size());
    List<List<Detection>> found = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      List<Detection> kept = decode(outputs, i, jobs.get(i).minConfidence());
      found.add(kept.stream().map(boxes.get(i)::toImage).toList());
    }
    return found;
  }

  private List<Detection> decode(DetectorOutputs outputs, int image, double minConfidence) {
    if (anchors == null) {
      return NonMaxSuppression.perLabel(
          GflDecoder.decode(contract, outputs, image, minConfidence), GflDecoder.NMS_IOU);
    }
    return NonMaxSuppression.perLabel(
        SsdDecoder.decode(contract, anchors, outputs, image, minConfidence), SsdDecoder.NMS_IOU);
  }

  /** Stops combining calls, fails those still waiting, then closes the network; once. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      if (combiner != null) {
        combiner.close();
      }
    } finally {
      network.close();
    }
  }
}
