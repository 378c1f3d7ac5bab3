package dev.iqmon.inference;

import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Combines model calls made at the same time by several threads (Kafka Streams' stream threads)
 * into one call of the model it wraps: a call waits at most {@code maxWait} for others to join it,
 * and a combined call holds at most {@code maxBatch} images; a call that alone has that many goes
 * straight through. Each caller gets its own results back, or the model's exception. One worker
 * thread makes the combined calls. Every call's size is reported to {@code batchSizes}.
 */
public final class BatchingModel implements QualityModel {

  private final QualityModel model;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final IntConsumer batchSizes;
  private final LinkedBlockingQueue<Call> queue = new LinkedBlockingQueue<>();
  private final Thread worker;
  private volatile boolean closed;

  /** One caller's jobs and where its results go. */
  private record Call(List<ImageJob> jobs, CompletableFuture<List<ImageResult>> results) {}

  public BatchingModel(QualityModel model, int maxBatch, Duration maxWait, IntConsumer batchSizes) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
    }
    this.model = model;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.batchSizes = batchSizes;
    this.worker = new Thread(this::work, "iqmon-model-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public ModelInfo info() {
    return model.info();
  }

  @Override
  public List<ImageResult> score(List<ImageJob> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    if (jobs.size() >= maxBatch) {
      batchSizes.accept(jobs.size());
      return model.score(jobs);
    }
    if (closed) {
      throw new IllegalStateException("the model is closed");
    }
    Call call = new Call(List.copyOf(jobs), new CompletableFuture<>());
    queue.add(call);
    try {
      return call.results().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void work() {
    Call carried = null;
    while (!closed) {
      try {
        Call first = carried != null ? carried : queue.take();
        carried = null;
        List<Call> calls = new ArrayList<>(List.of(first));
        int images = first.jobs().size();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (images < maxBatch) {
          Call next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          if (images + next.jobs().size() > maxBatch) {
            carried = next;
            break;
          }
          calls.add(next);
          images += next.jobs().size();
        }
        run(calls, images);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    failPending(carried);
  }

  private void run(List<Call> calls, int images) {
    List<ImageJob> all = new ArrayList<>(images);
    calls.forEach(call -> all.addAll(call.jobs()));
    List<ImageResult> results;
    try {
      batchSizes.accept(images);
      results = model.score(all);
    } catch (RuntimeException e) {
      calls.forEach(call -> call.results().completeExceptionally(e));
      return;
    }
    int from = 0;
    for (Call call : calls) {
      int to = from + call.jobs().size();
      call.results().complete(List.copyOf(results.subList(from, to)));
      from = to;
    }
  }

  private void failPending(Call carried) {
    List<Call> left = new ArrayList<>();
    if (carried != null) {
      left.add(carried);
    }
    queue.drainTo(left);
    left.forEach(
        call ->
            call.results()
                .completeExceptionally(
                    new IllegalStateException("the model was closed before this call ran")));
  }

  /** Stops combining calls, fails those still waiting, then closes the wrapped model. */
  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failPending(null);
    model.close();
  }
}
