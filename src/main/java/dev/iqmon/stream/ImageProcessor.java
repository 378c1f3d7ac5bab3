package dev.iqmon.stream;

import dev.iqmon.metrics.IqmonMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** How often finished work is looked for when no record comes in. */
  private static final Duration POOL_CHECK = Duration.ofMillis(5);

  private final int batchSize;
  private final Duration batchWait;
  private final IqmonMetrics metrics;
  private final ScoringWorkers workers;
  private final InFlightRecords inFlight;
  private final FeedRouting routing;
  private ProcessorContext<String, ImageOutcome> context;
  private KeyValueStore<Long, SourceRecord> buffer;

  ImageProcessor(
      ImagePipeline pipeline,
      int batchSize,
      Duration batchWait,
      IqmonMetrics metrics,
      ScoringWorkers workers,
      FeedRouting routing) {
    this.routing = routing;
    this.batchSize = batchSize;
    this.batchWait = batchWait;
    this.metrics = metrics;
    this.workers = workers;
    this.inFlight =
        new InFlightRecords(pipeline, batchSize, batchWait.toMillis(), metrics, workers);
  }

  /** Whether records can be in flight between calls, and so must be kept in the buffer store. */
  static boolean needsBuffer(int batchSize, ScoringWorkers workers) {
    return batchSize > 1 || workers.pooled();
  }

  /**
   * The store of records in flight; logged, so a restart can replay them. Cached, so that a record
   * forwarded before the next commit reaches the changelog only as a small tombstone: the cache
   * writes through at each commit (and when it is full), before the input offsets are committed.
   */
  static StoreBuilder<KeyValueStore<Long, SourceRecord>> bufferStore(int maxRecordBytes) {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), new SourceRecordSerde())
        .withCachingEnabled()
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
    stored.forEach(source -> inFlight.start(source, now));
  }

  private void punctuate(long now) {
    inFlight.dispatch(now, false);
    forwardDone();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    routing.check(record.key(), meta.partition());
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
    inFlight.start(source, now);
    inFlight.dispatch(now, false);
    forwardDone();
  }

  /** Waits, while the task has too much in flight to take a record of {@code size} bytes in. */
  private void makeRoom(long size) {
    long start = 0;
    while (inFlight.full(size)) {
      if (start == 0) {
        start = System.nanoTime();
      }
      inFlight.awaitOldest(context.currentSystemTimeMs());
      forwardDone();
    }
    if (start != 0) {
      metrics.workersWait(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Forwards the outcomes at the head of the line that are done, in input order. */
  private void forwardDone() {
    for (InFlightRecords.InFlight f : inFlight.takeDone()) {
      forward(f.outcome.join(), f.source);
      if (buffer != null) {
        buffer.delete(f.source.offset());
      }
      metrics.recordLatency(Duration.ofNanos(System.nanoTime() - f.startNanos));
    }
  }

  /** Records still in flight stay in the buffer store, for whoever runs the task next. */
  @Override
  public void close() {
    inFlight.clear();
  }

  /**
   * Outcomes keep the key of their input record: a scored image's is its feed id (checked), and a
   * dead letter's is the key it came with, whichever feed it names.
   */
  private void forward(ImageOutcome outcome, SourceRecord source) {
    String key = source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
    context.forward(new Record<>(key, outcome, timestamp(outcome, source.timestamp())));
  }

  private static long timestamp(ImageOutcome outcome, long recordTimestamp) {
    return outcome instanceof ImageOutcome.Scored scored
        ? scored.image().getCaptureTime().toEpochMilli()
        : recordTimestamp;
  }
}
