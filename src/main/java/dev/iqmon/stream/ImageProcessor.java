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
 * <p>With a batch size above 1, images are scored in batches across records: each record is
 * prepared (decoded, regions placed) as it comes, and the model scores the waiting images together
 * once {@code batchSize} are ready or the oldest has waited {@code batchWait} (checked by a
 * wall-clock punctuation). Outcomes are forwarded in input order, so each feed's order holds. A
 * record waiting for its batch is also kept in {@link #BUFFER_STORE}, a changelogged store written
 * in the same transaction as the input offsets: if the task stops before the batch is scored,
 * offsets that have been committed are never without their records, and the next owner of the task
 * replays the stored records first.
 */
final class ImageProcessor implements Processor<byte[], byte[], String, ImageOutcome> {

  static final String BUFFER_STORE = "image-batch-buffer";

  private final ImagePipeline pipeline;
  private final int batchSize;
  private final Duration batchWait;
  private final IqmonMetrics metrics;
  private final List<Waiting> waiting = new ArrayList<>();
  private ProcessorContext<String, ImageOutcome> context;
  private KeyValueStore<Long, SourceRecord> buffer;
  private long oldestWaitingSince;

  /** A record waiting for its batch, prepared: ready for the model, or already failed. */
  private record Waiting(SourceRecord source, ImagePipeline.Prepared prepared) {}

  ImageProcessor(ImagePipeline pipeline, int batchSize, Duration batchWait, IqmonMetrics metrics) {
    this.pipeline = pipeline;
    this.batchSize = batchSize;
    this.batchWait = batchWait;
    this.metrics = metrics;
  }

  /** The store of records waiting for their batch; logged, so a restart can replay them. */
  static StoreBuilder<KeyValueStore<Long, SourceRecord>> bufferStore(int maxRecordBytes) {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), new SourceRecordSerde())
        .withLoggingEnabled(Map.of("max.message.bytes", Integer.toString(maxRecordBytes)));
  }

  @Override
  public void init(ProcessorContext<String, ImageOutcome> context) {
    this.context = context;
    if (batchSize > 1) {
      buffer = context.getStateStore(BUFFER_STORE);
      replay();
      // Checked often, so that no image waits much longer than batchWait; scoring is what takes
      // time, and a slow model call must not make every later batch a batch of one.
      Duration check = Duration.ofMillis(Math.max(1, batchWait.toMillis() / 4));
      context.schedule(check, PunctuationType.WALL_CLOCK_TIME, this::flushIfWaitedEnough);
    }
  }

  /** Records a previous owner of the task had buffered but not scored, oldest first. */
  private void replay() {
    try (KeyValueIterator<Long, SourceRecord> stored = buffer.all()) {
      while (stored.hasNext()) {
        KeyValue<Long, SourceRecord> entry = stored.next();
        waiting.add(new Waiting(entry.value, pipeline.prepare(entry.value)));
      }
    }
    oldestWaitingSince = context.currentSystemTimeMs();
  }

  private void flushIfWaitedEnough(long now) {
    if (!waiting.isEmpty() && now - oldestWaitingSince >= batchWait.toMillis()) {
      flush();
    }
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
    if (batchSize == 1) {
      forward(pipeline.process(source), source);
      return;
    }
    ImagePipeline.Prepared prepared = pipeline.prepare(source);
    if (waiting.isEmpty() && prepared instanceof ImagePipeline.Prepared.Failed failed) {
      forward(failed.outcome(), source); // nothing waits ahead of it
      return;
    }
    if (waiting.isEmpty()) {
      oldestWaitingSince = context.currentSystemTimeMs();
    }
    // Keyed by offset: a task reads one partition of the images topic, so offsets are unique and
    // the store's order is the input order.
    buffer.put(source.offset(), source);
    waiting.add(new Waiting(source, prepared));
    if (ready() >= batchSize) {
      flush();
    }
  }

  private long ready() {
    return waiting.stream()
        .filter(w -> w.prepared() instanceof ImagePipeline.Prepared.Ready)
        .count();
  }

  /** Scores the waiting images in one model call and forwards every waiting outcome in order. */
  private void flush() {
    if (waiting.isEmpty()) {
      return;
    }
    List<PreparedImage> images = new ArrayList<>();
    for (Waiting w : waiting) {
      if (w.prepared() instanceof ImagePipeline.Prepared.Ready r) {
        images.add(r.image());
      }
    }
    if (!images.isEmpty()) {
      metrics.batch("records", images.size(), batchSize);
    }
    List<ImageOutcome> scored = pipeline.score(images);
    int next = 0;
    for (Waiting w : waiting) {
      ImageOutcome outcome =
          w.prepared() instanceof ImagePipeline.Prepared.Failed failed
              ? failed.outcome()
              : scored.get(next++);
      forward(outcome, w.source());
      buffer.delete(w.source().offset());
    }
    waiting.clear();
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
