package dev.iqmon.quality;

import dev.iqmon.inference.CallCombiner;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A quality model whose calls from several threads are combined into one call of the model it
 * wraps, by a {@link CallCombiner}: at most {@code maxBatch} images a call, a call waiting at most
 * {@code maxWait} for others. Closing it closes the wrapped model.
 */
public final class BatchedQualityModel implements QualityModel {

  private final QualityModel model;
  private final CallCombiner<ImageJob, ImageResult> combiner;

  public BatchedQualityModel(
      QualityModel model, int maxBatch, Duration maxWait, IntConsumer batchSizes) {
    this.model = model;
    this.combiner = new CallCombiner<>(model::score, maxBatch, maxWait, batchSizes);
  }

  @Override
  public ModelInfo info() {
    return model.info();
  }

  @Override
  public List<ImageResult> score(List<ImageJob> jobs) {
    return combiner.call(jobs);
  }

  /** Stops combining calls, fails those still waiting, then closes the wrapped model. */
  @Override
  public void close() {
    combiner.close();
    model.close();
  }
}
