package dev.iqmon.stream;

import dev.iqmon.metrics.Batcher;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.schema.RegistryUnreachableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records one task has taken in and not yet forwarded, in input order, with the work running
 * for them on the {@link ScoringWorkers}: each record whole, or, when images are batched, its
 * preparation and then its share of a model call. Used by the task's stream thread only; the
 * workers only complete futures.
 */
final class InFlightRecords {

  private static final Logger LOG = LoggerFactory.getLogger(InFlightRecords.class);

  private final ImagePipeline pipeline;
  private final int batchSize;
  private final long batchWaitMs;
  private final IqmonMetrics metrics;
  private final ScoringWorkers workers;
  private final Deque<InFlight> line = new ArrayDeque<>();
  private long bytes;

  /** A record taken in; fields other than the futures are the stream thread's. */
  static final class InFlight {
    final SourceRecord source;
    final long size;
    final long arrivedMs;
    final long startNanos = System.nanoTime();
    final CompletableFuture<ImageOutcome> outcome = new CompletableFuture<>();
    CompletableFuture<ImagePipeline.Prepared> prepared;
    boolean batched;

    InFlight(SourceRecord source, long arrivedMs) {
      this.source = source;
      this.size = source.value() == null ? 0 : source.value().length;
      this.arrivedMs = arrivedMs;
    }
  }

  InFlightRecords(
      ImagePipeline pipeline,
      int batchSize,
      long batchWaitMs,
      IqmonMetrics metrics,
      ScoringWorkers workers) {
    this.pipeline = pipeline;
    this.batchSize = batchSize;
    this.batchWaitMs = batchWaitMs;
    this.metrics = metrics;
    this.workers = workers;
  }

  /** Whether a record of {@code size} bytes must wait for room. */
  boolean full(long size) {
    return !line.isEmpty()
        && (line.size() >= workers.maxInFlight() || bytes + size > workers.maxInFlightBytes());
  }

  /** Hands the record to the workers: all of it, or its preparation when images are batched. */
  void start(SourceRecord source, long nowMs) {
    InFlight f = new InFlight(source, nowMs);
    line.addLast(f);
    bytes += f.size;
    workers.entered(f.size);
    Executor exec = workers.executor();
    if (batchSize == 1) {
      CompletableFuture.supplyAsync(() -> safely(source, () -> pipeline.process(source)), exec)
          .whenComplete((outcome, error) -> settle(f.outcome, outcome, error));
      return;
    }
    f.prepared = CompletableFuture.supplyAsync(() -> prepare(source), exec);
    f.prepared.whenComplete(
        (prepared, error) -> {
          if (error != null) {
            f.outcome.completeExceptionally(error);
          } else if (prepared instanceof ImagePipeline.Prepared.Failed failed) {
            f.outcome.complete(failed.outcome());
          }
        });
  }

  /**
   * Sends the prepared images not yet batched to the model: every full batch, and the rest too once
   * the oldest has waited the batch wait, or when {@code force}d.
   */
  void dispatch(long nowMs, boolean force) {
    if (batchSize == 1) {
      return;
    }
    List<InFlight> ready = new ArrayList<>();
    long oldest = Long.MAX_VALUE;
    for (InFlight f : line) {
      if (f.batched) {
        continue;
      }
      if (f.prepared.isDone()
          && (f.prepared.isCompletedExceptionally()
              || f.prepared.join() instanceof ImagePipeline.Prepared.Failed)) {
        f.batched = true; // its outcome is settled without the model
        continue;
      }
      oldest = Math.min(oldest, f.arrivedMs);
      if (f.prepared.isDone()) {
        ready.add(f);
      }
    }
    int from = 0;
    for (; ready.size() - from >= batchSize; from += batchSize) {
      score(ready.subList(from, from + batchSize));
    }
    if (from < ready.size() && (force || nowMs - oldest >= batchWaitMs)) {
      score(ready.subList(from, ready.size()));
    }
  }

  /** Waits for the oldest record's outcome; when batched, scores what is ready to get there. */
  void awaitOldest(long nowMs) {
    InFlight oldest = line.peekFirst();
    if (oldest == null) {
      return;
    }
    if (batchSize > 1 && !oldest.batched) {
      oldest.prepared.exceptionally(e -> null).join();
      // The task cannot take more in, so the batch will not fill: score what is ready.
      dispatch(nowMs, true);
    }
    oldest.outcome.exceptionally(e -> null).join();
  }

  /**
   * Takes the records at the head of the line whose outcomes are done, in input order. An Error on
   * a worker is thrown here; its record stays in the line.
   */
  List<InFlight> takeDone() {
    List<InFlight> done = new ArrayList<>();
    while (!line.isEmpty() && line.peekFirst().outcome.isDone()) {
      InFlight f = line.peekFirst();
      try {
        f.outcome.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        if (RegistryUnreachableException.isCauseOf(e)) {
          // The task goes back to its last commit, so every record in the line is read again.
          clear();
        }
        throw e;
      }
      line.removeFirst();
      left(f);
      done.add(f);
    }
    return done;
  }

  /** Forgets every record; their work may finish, unseen. */
  void clear() {
    line.forEach(this::left);
    line.clear();
  }

  private void left(InFlight f) {
    bytes -= f.size;
    workers.left(f.size);
  }

  private void score(List<InFlight> batch) {
    List<InFlight> mine = List.copyOf(batch);
    List<PreparedImage> images = new ArrayList<>(mine.size());
    for (InFlight f : mine) {
      f.batched = true;
      images.add(((ImagePipeline.Prepared.Ready) f.prepared.join()).image());
    }
    metrics.batch(Batcher.RECORDS, images.size(), batchSize);
    CompletableFuture.supplyAsync(() -> scoreAll(mine, images), workers.executor())
        .whenComplete(
            (outcomes, error) -> {
              for (int i = 0; i < mine.size(); i++) {
                settle(mine.get(i).outcome, outcomes == null ? null : outcomes.get(i), error);
              }
            });
  }

  private List<ImageOutcome> scoreAll(List<InFlight> batch, List<PreparedImage> images) {
    try {
      return pipeline.score(images);
    } catch (RuntimeException e) {
      return batch.stream().map(f -> (ImageOutcome) unexpected(f.source, e)).toList();
    }
  }

  private ImagePipeline.Prepared prepare(SourceRecord source) {
    try {
      return pipeline.prepare(source);
    } catch (RuntimeException e) {
      return new ImagePipeline.Prepared.Failed(unexpected(source, e));
    }
  }

  private ImageOutcome safely(SourceRecord source, Supplier<ImageOutcome> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return unexpected(source, e);
    }
  }

  private ImageOutcome.Rejected unexpected(SourceRecord source, RuntimeException e) {
    if (RegistryUnreachableException.isCauseOf(e)) {
      // Not the record's fault: the stream thread rethrows it, waits and reads the record again.
      throw e;
    }
    LOG.error(
        "Dead-lettering the record at {}-{}@{}: {}",
        source.topic(),
        source.partition(),
        source.offset(),
        e.toString(),
        e);
    return pipeline.unexpected(source, e);
  }

  private static void settle(
      CompletableFuture<ImageOutcome> target, ImageOutcome outcome, Throwable error) {
    if (error != null) {
      target.completeExceptionally(error);
    } else {
      target.complete(outcome);
    }
  }
}
