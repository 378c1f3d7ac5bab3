package dev.iqmon.stream;

import dev.iqmon.metrics.IqmonMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each image record through the {@link ImagePipeline} and forwards its outcome keyed by feed,
 * stamped with the image's capture time so that windows follow when images were taken.
 *
 * <p>With {@link ScoringWorkers} on a pool, the records of the task are prepared (fetched, decoded,
 * regions placed) and scored by the pool's threads while the stream thread goes on reading; the
 * stream thread forwards outcomes in input order as they complete. A task holds at most {@code
 * maxInFlight} records (and {@code maxInFlightBytes}) in flight: beyond that, the stream thread
 * waits for the oldest before reading on.
 *
 * <p>With a batch size above 1, images are scored in batches across records: the model scores the
 * prepared images together once {@code batchSize} are ready or the oldest has waited {@code
 * batchWait} (checked by a wall-clock punctuation).
 *
 * <p>A record in flight (on the pool, or waiting for its batch) is also kept in {@link
 * #BUFFER_STORE}, a changelogged store written in the same transaction as the input offsets: if the
 * task stops before the record's outcome is forwarded, offsets that have been committed are never
 * without their records, and the next owner of the task replays the stored records first.
 */
final class ImageProcessor implements Processor<byte[], byte[], String, ImageOutcome> {

  static final String BUFFER_STORE = "image-batch-buffer";

  private static final Logger LOG = LoggerFactory.getLogger(ImageProcessor.class);

  /** How often finished work is looked for when no record comes in. */
  private static final Duration POOL_CHECK = Duration.ofMillis(5);

  private final ImagePipeline pipeline;
  private final int batchSize;
  private final Duration batchWait;
  private final IqmonMetrics metrics;
  private final ScoringWorkers workers;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  private long bytesInFlight;
  private ProcessorContext<String, ImageOutcome> context;
  private KeyValueStore<Long, SourceRecord> buffer;

  /** A record taken in and not yet forwarded; fields other than futures are the stream thread's. */
  private static final class InFlight {
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

  ImageProcessor(
      ImagePipeline pipeline,
      int batchSize,
      Duration batchWait,
      IqmonMetrics metrics,
      ScoringWorkers workers) {
    this.pipeline = pipeline;
    this.batchSize = batchSize;
    this.batchWait = batchWait;
    this.metrics = metrics;
    this.workers = workers;
  }

  /** Whether records can be in flight between calls, and so must be kept in the buffer store. */
  static boolean needsBuffer(int batchSize, ScoringWorkers workers) {
    return batchSize > 1 || workers.pooled();
  }

  /** The store of records in flight; logged, so a restart can replay them. */
  static StoreBuilder<KeyValueStore<Long, SourceRecord>> bufferStore(int maxRecordBytes) {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), new SourceRecordSerde())
        .withLoggingEnabled(Map.of("max.message.bytes", Integer.toString(maxRecordBytes)));
  }

  @Override
  public void init(ProcessorContext<String, ImageOutcome> context) {
    this.context = context;
    if (!needsBuffer(batchSize, workers)) {
      return;
    }
    buffer = context.getStateStore(BUFFER_STORE);
    replay();
    // Checked often, so that no image waits much longer than batchWait; scoring is what takes
    // time, and a slow model call must not make every later batch a batch of one.
    Duration check = Duration.ofMillis(Math.max(1, batchWait.toMillis() / 4));
    if (workers.pooled() && (batchSize == 1 || check.compareTo(POOL_CHECK) > 0)) {
      check = POOL_CHECK;
    }
    context.schedule(check, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  /** Records a previous owner of the task had taken in but not forwarded, oldest first. */
  private void replay() {
    List<SourceRecord> stored = new ArrayList<>();
    try (KeyValueIterator<Long, SourceRecord> all = buffer.all()) {
      all.forEachRemaining((KeyValue<Long, SourceRecord> entry) -> stored.add(entry.value));
    }
    long now = context.currentSystemTimeMs();
    stored.forEach(source -> start(source, now));
  }

  private void punctuate(long now) {
    dispatch(now, false);
    forwardDone();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    SourceRecord source =
        new SourceRecord(
            meta.topic(),
            meta.partition(),
            meta.offset(),
            record.timestamp(),
            record.key(),
            record.value());
    makeRoom(record.value() == null ? 0 : record.value().length);
    if (buffer != null) {
      // Keyed by offset: a task reads one partition of the images topic, so offsets are unique
      // and the store's order is the input order.
      buffer.put(source.offset(), source);
    }
    long now = context.currentSystemTimeMs();
    start(source, now);
    dispatch(now, false);
    forwardDone();
  }

  /** Hands the record to the workers: all of it, or its preparation when images are batched. */
  private void start(SourceRecord source, long now) {
    InFlight f = new InFlight(source, now);
    inFlight.addLast(f);
    bytesInFlight += f.size;
    workers.entered(f.size);
    if (batchSize == 1) {
      CompletableFuture.supplyAsync(() -> safely(source, () -> pipeline.process(source)), exec())
          .whenComplete((outcome, error) -> settle(f.outcome, outcome, error));
      return;
    }
    f.prepared = CompletableFuture.supplyAsync(() -> prepare(source), exec());
    f.prepared.whenComplete(
        (prepared, error) -> {
          if (error != null) {
            f.outcome.completeExceptionally(error);
          } else if (prepared instanceof ImagePipeline.Prepared.Failed failed) {
            f.outcome.complete(failed.outcome());
          }
        });
  }

  private Executor exec() {
    return workers.executor();
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

  /**
   * Sends the prepared images not yet batched to the model: every full batch, and the rest too once
   * the oldest has waited {@code batchWait}, or when {@code force}d.
   */
  private void dispatch(long now, boolean force) {
    if (batchSize == 1) {
      return;
    }
    List<InFlight> ready = new ArrayList<>();
    long oldest = Long.MAX_VALUE;
    for (InFlight f : inFlight) {
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
    if (from < ready.size() && (force || now - oldest >= batchWait.toMillis())) {
      score(ready.subList(from, ready.size()));
    }
  }

  private void score(List<InFlight> batch) {
    List<InFlight> mine = List.copyOf(batch);
    List<PreparedImage> images = new ArrayList<>(mine.size());
    for (InFlight f : mine) {
      f.batched = true;
      images.add(((ImagePipeline.Prepared.Ready) f.prepared.join()).image());
    }
    metrics.batch("records", images.size(), batchSize);
    CompletableFuture.supplyAsync(() -> scoreAll(mine, images), exec())
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

  /** Waits, while the task has too much in flight to take a record of {@code size} bytes in. */
  private void makeRoom(long size) {
    long start = 0;
    while (!inFlight.isEmpty()
        && (inFlight.size() >= workers.maxInFlight()
            || bytesInFlight + size > workers.maxInFlightBytes())) {
      if (start == 0) {
        start = System.nanoTime();
      }
      awaitOldest();
    }
    if (start != 0) {
      metrics.workersWait(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private void awaitOldest() {
    InFlight oldest = inFlight.peekFirst();
    if (batchSize > 1 && !oldest.batched) {
      oldest.prepared.exceptionally(e -> null).join();
      // The task cannot take more in, so the batch will not fill: score what is ready.
      dispatch(context.currentSystemTimeMs(), true);
    }
    oldest.outcome.exceptionally(e -> null).join();
    forwardDone();
  }

  /** Forwards the outcomes at the head of the line that are done, in input order. */
  private void forwardDone() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().outcome.isDone()) {
      InFlight f = inFlight.peekFirst();
      ImageOutcome outcome;
      try {
        outcome = f.outcome.join();
      } catch (CompletionException e) {
        // An Error on a worker; the record stays in the buffer for the task's next owner.
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e;
      }
      inFlight.removeFirst();
      left(f);
      forward(outcome, f.source);
      if (buffer != null) {
        buffer.delete(f.source.offset());
      }
      metrics.recordLatency(Duration.ofNanos(System.nanoTime() - f.startNanos));
    }
  }

  private void left(InFlight f) {
    bytesInFlight -= f.size;
    workers.left(f.size);
  }

  /** Records still in flight stay in the buffer store, for whoever runs the task next. */
  @Override
  public void close() {
    inFlight.forEach(this::left);
    inFlight.clear();
  }

  private void forward(ImageOutcome outcome, SourceRecord source) {
    context.forward(
        new Record<>(key(outcome, source.key()), outcome, timestamp(outcome, source.timestamp())));
  }

  private static String key(ImageOutcome outcome, byte[] originalKey) {
    if (outcome.feedId() != null) {
      return outcome.feedId();
    }
    return originalKey == null ? null : new String(originalKey, StandardCharsets.UTF_8);
  }

  private static long timestamp(ImageOutcome outcome, long recordTimestamp) {
    return outcome instanceof ImageOutcome.Scored scored
        ? scored.image().getCaptureTime().toEpochMilli()
        : recordTimestamp;
  }
}
