package dev.iqmon.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Combines calls made at the same time by several threads (Kafka Streams' stream threads) into one
 * call of the batch function it wraps: a call waits at most {@code maxWait} for others to join it,
 * and a combined call holds at most {@code maxBatch} inputs; a call that alone has that many goes
 * straight through. The function returns one output per input, in order; each caller gets its own
 * outputs back, or the function's exception. One worker thread makes the combined calls. Every
 * call's size is reported to {@code batchSizes}.
 *
 * @param <I> what the function takes, one per item
 * @param <O> what it gives back, one per item
 */
public final class CallCombiner<I, O> implements AutoCloseable {

  private final Function<List<I>, List<O>> batch;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final IntConsumer batchSizes;
  private final LinkedBlockingQueue<Call<I, O>> queue = new LinkedBlockingQueue<>();
  private final Thread worker;
  private volatile boolean closed;

  /** One caller's inputs and where its outputs go. */
  private record Call<I, O>(List<I> inputs, CompletableFuture<List<O>> outputs) {}

  public CallCombiner(
      Function<List<I>, List<O>> batch, int maxBatch, Duration maxWait, IntConsumer batchSizes) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
    }
    this.batch = batch;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.batchSizes = batchSizes;
    this.worker = new Thread(this::work, "iqmon-model-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /** The function's outputs for {@code inputs}, computed alone or with other callers' inputs. */
  public List<O> call(List<I> inputs) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    if (inputs.size() >= maxBatch) {
      batchSizes.accept(inputs.size());
      return batch.apply(inputs);
    }
    if (closed) {
      throw new IllegalStateException("the model is closed");
    }
    Call<I, O> call = new Call<>(List.copyOf(inputs), new CompletableFuture<>());
    queue.add(call);
    try {
      return call.outputs().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void work() {
    Call<I, O> carried = null;
    while (!closed) {
      try {
        Call<I, O> first = carried != null ? carried : queue.take();
        carried = null;
        List<Call<I, O>> calls = new ArrayList<>(List.of(first));
        int items = first.inputs().size();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (items < maxBatch) {
          Call<I, O> next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          if (items + next.inputs().size() > maxBatch) {
            carried = next;
            break;
          }
          calls.add(next);
          items += next.inputs().size();
        }
        run(calls, items);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    failPending(carried);
  }

  private void run(List<Call<I, O>> calls, int items) {
    List<I> all = new ArrayList<>(items);
    calls.forEach(call -> all.addAll(call.inputs()));
    List<O> outputs;
    try {
      batchSizes.accept(items);
      outputs = batch.apply(all);
      if (outputs.size() != items) {
        throw new IllegalStateException(
            "the batch function gave " + outputs.size() + " outputs for " + items + " inputs");
      }
    } catch (RuntimeException e) {
      calls.forEach(call -> call.outputs().completeExceptionally(e));
      return;
    }
    int from = 0;
    for (Call<I, O> call : calls) {
      int to = from + call.inputs().size();
      call.outputs().complete(List.copyOf(outputs.subList(from, to)));
      from = to;
    }
  }

  private void failPending(Call<I, O> carried) {
    List<Call<I, O>> left = new ArrayList<>();
    if (carried != null) {
      left.add(carried);
    }
    queue.drainTo(left);
    left.forEach(
        call ->
            call.outputs()
                .completeExceptionally(
                    new IllegalStateException("the model was closed before this call ran")));
  }

  /**
   * Stops combining calls and fails those still waiting. The function and what it calls stay open:
   * whoever made them closes them.
   */
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
  }
}
