package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.WorkersConfig;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * What happens to records waiting for their batch when a task stops before scoring them: their
 * offsets may already be committed, so the buffer store, restored from its changelog, brings them
 * back to the next owner of the task, which scores them first and in order.
 */
class ImageBatchReplayTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final IqmonConfig config = new ConfigLoader().load();
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final CountingModel model = new CountingModel();
  private final ImagePipeline pipeline =
      TopologyHarness.pipeline(
          config, new AvroSerdes(registry, true), model, IqmonMetrics.discarding());

  /** A task's processor with its buffer store, as Kafka Streams would give it. */
  private final class Task {
    final MockProcessorContext<String, ImageOutcome> context = new MockProcessorContext<>();
    final KeyValueStore<Long, SourceRecord> buffer =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ImageProcessor.BUFFER_STORE),
                Serdes.Long(),
                new SourceRecordSerde())
            .withLoggingDisabled()
            .build();
    final ImageProcessor processor;

    Task(List<KeyValue<Long, SourceRecord>> restored) {
      this(restored, pipeline, 3, ScoringWorkers.inline());
    }

    Task(
        List<KeyValue<Long, SourceRecord>> restored,
        ImagePipeline pipeline,
        int batchSize,
        ScoringWorkers workers) {
      IqmonMetrics metrics = IqmonMetrics.discarding();
      processor =
          new ImageProcessor(
              pipeline,
              batchSize,
              Duration.ofSeconds(10),
              metrics,
              workers,
              new FeedRouting(metrics));
      context.setCurrentSystemTimeMs(T0.toEpochMilli());
      buffer.init(context.getStateStoreContext(), buffer);
      context.addStateStore(buffer);
      restored.forEach(kv -> buffer.put(kv.key, kv.value));
      processor.init(context);
    }

    void process(long offset, String imageId) {
      ImageEvent e = event("cam-1", imageId, T0.plusSeconds(offset), pngScoring(10 * offset));
      byte[] value =
          AvroSerde.forValues(ImageEvent.class, registry).serializer().serialize("images", e);
      context.setRecordMetadata("images", 0, offset);
      processor.process(
          new Record<>("cam-1".getBytes(StandardCharsets.UTF_8), value, T0.toEpochMilli()));
    }

    List<String> forwardedImageIds() {
      return context.forwarded().stream()
          .map(f -> ((ImageOutcome.Scored) f.record().value()).image().getImageId())
          .toList();
    }

    List<KeyValue<Long, SourceRecord>> stored() {
      try (KeyValueIterator<Long, SourceRecord> all = buffer.all()) {
        List<KeyValue<Long, SourceRecord>> out = new java.util.ArrayList<>();
        all.forEachRemaining(out::add);
        return out;
      }
    }
  }

  @Test
  void shouldScoreRecordsAPreviousOwnerLeftWaitingBeforeNewOnes() {
    Task first = new Task(List.of());
    first.process(0, "a");
    first.process(1, "b");
    assertThat(first.forwardedImageIds()).as("waiting for the batch").isEmpty();
    // The task stops here; its buffer store survives in the changelog.

    Task next = new Task(first.stored());
    next.process(2, "c");

    assertThat(next.forwardedImageIds()).containsExactly("a", "b", "c");
    assertThat(model.calls).containsExactly(3);
    assertThat(next.stored()).isEmpty();
  }

  @Test
  void shouldReplayRecordsThatWereOnThePoolWhenTheTaskStopped() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    QualityModel blocked =
        new QualityModel() {
          @Override
          public ModelInfo info() {
            return model.info();
          }

          @Override
          public List<ImageResult> score(List<ImageJob> jobs) {
            try {
              stuck.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return model.score(jobs);
          }
        };
    ImagePipeline blockedPipeline =
        TopologyHarness.pipeline(
            config, new AvroSerdes(registry, true), blocked, IqmonMetrics.discarding());
    WorkersConfig pool = new WorkersConfig(true, 2, 8, 64 << 20);
    List<KeyValue<Long, SourceRecord>> left;
    try (ScoringWorkers workers = ScoringWorkers.start(pool, IqmonMetrics.discarding())) {
      Task first = new Task(List.of(), blockedPipeline, 1, workers);
      first.process(0, "a");
      first.process(1, "b");
      first.processor.close(); // the task stops while both are on the pool
      left = first.stored();
      assertThat(first.context.forwarded()).isEmpty();
      stuck.countDown();
    }
    assertThat(left).extracting(kv -> kv.key).containsExactly(0L, 1L);

    try (ScoringWorkers workers = ScoringWorkers.start(pool, IqmonMetrics.discarding())) {
      Task next = new Task(left, pipeline, 1, workers);
      next.process(2, "c");
      Punctuator check = next.context.scheduledPunctuators().get(0).getPunctuator();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (next.context.forwarded().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
        check.punctuate(T0.toEpochMilli());
      }

      assertThat(next.forwardedImageIds()).containsExactly("a", "b", "c");
      assertThat(next.stored()).isEmpty();
    }
  }

  @Test
  void shouldScoreReplayedRecordsWhenTheWaitIsOverEvenWithoutNewOnes() {
    Task first = new Task(List.of());
    first.process(0, "a");

    Task next = new Task(first.stored());
    next.context
        .scheduledPunctuators()
        .get(0)
        .getPunctuator()
        .punctuate(T0.plusSeconds(10).toEpochMilli());

    assertThat(next.forwardedImageIds()).containsExactly("a");
    assertThat(next.stored()).isEmpty();
  }
}
