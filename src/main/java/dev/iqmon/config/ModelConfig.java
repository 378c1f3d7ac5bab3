package dev.iqmon.config;

import dev.iqmon.inference.Device;
import dev.iqmon.quality.ModelKind;
import java.time.Duration;
import java.util.Objects;

/**
 * Which quality model scores the regions, where its files are, where it runs and how it batches.
 *
 * @param kind {@code learned} (iqmon's ONNX model) or {@code classical} (indicators in Java)
 * @param encoder the learned model's encoder file; null: {@code models/iqmon-encoder.onnx} in the
 *     working directory if it is there, else the copy bundled in the jar
 * @param roiHead the learned model's ROI head file, found the same way
 * @param device {@code auto}, {@code cpu} or {@code cuda}
 * @param intraOpThreads ONNX Runtime's threads per model call; 0: one per core
 * @param batchSize the most images one model call scores
 * @param batchWait how long an image may wait for its batch to fill
 * @param crossThreadWait with several stream threads, how long a model call waits for calls from
 *     other threads to join it
 * @param explain whether each region also gets the classical indicators that explain its score
 * @param maxPixels the learned model: the most pixels its encoder sees at once; a larger frame is
 *     shrunk to fit first, and same-sized frames share an encoder call up to this many pixels
 */
public record ModelConfig(
    ModelKind kind,
    String encoder,
    String roiHead,
    Device device,
    int intraOpThreads,
    int batchSize,
    Duration batchWait,
    Duration crossThreadWait,
    boolean explain,
    long maxPixels,
    DegradedRegionsConfig degradedRegions) {

  /** Bounds the encoder's input and output buffers of one call to about 1.2 GB each. */
  public static final long MAX_PIXELS_LIMIT = 100_000_000L;

  /** One 256 x 256 view: less leaves the model almost nothing to see. */
  public static final long MIN_PIXELS_LIMIT = 256L * 256;

  public ModelConfig {
    Validate.present(kind, "model.kind");
    Validate.present(device, "model.device");
    if (intraOpThreads < 0) {
      throw new ConfigException("model.intra-op-threads must be 0 or more, got " + intraOpThreads);
    }
    Validate.positive(batchSize, "model.batch-size");
    Validate.present(batchWait, "model.batch-wait");
    Validate.present(crossThreadWait, "model.cross-thread-wait");
    if (maxPixels < MIN_PIXELS_LIMIT || maxPixels > MAX_PIXELS_LIMIT) {
      throw new ConfigException(
          "model.max-pixels must be in ["
              + MIN_PIXELS_LIMIT
              + ", "
              + MAX_PIXELS_LIMIT
              + "], got "
              + maxPixels);
    }
    Objects.requireNonNull(degradedRegions, "model.degraded-regions");
  }

  public boolean learned() {
    return kind == ModelKind.LEARNED;
  }

  /**
   * How many images the service batches into one model call: {@code batchSize} for the learned
   * model; 1 for the classical one, which scores image by image and would only wait.
   */
  public int serviceBatchSize() {
    return learned() ? batchSize : 1;
  }
}
