package dev.iqmon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.schema.InMemorySchemaRegistry;
import dev.iqmon.schema.RegistryUnreachableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  private static final byte[] KEY = "cam-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {0, 0, 0, 0, 7, 1, 2, 3};

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
  private final Serde<DeadLetter> letters = serdes.forValue(DeadLetter.class);
  private final DeadLetterHandler handler = new DeadLetterHandler();

  DeadLetterHandlerTest() {
    handler.configure(
        Map.of(
            DeadLetterHandler.TOPIC, "images.dlq",
            DeadLetterHandler.SERIALIZER, letters.serializer(),
            DeadLetterHandler.METRICS, IqmonMetrics.boundTo(meters),
            DeadLetterHandler.EVENTS, serdes.forValue(ImageEvent.class).deserializer()));
  }

  /** Where the record that failed was read from, as Kafka Streams tells the handler. */
  private record Context(String processorNodeId, byte[] sourceRawValue)
      implements ErrorHandlerContext {
    Context(String processorNodeId) {
      this(processorNodeId, VALUE);
    }

    @Override
    public String topic() {
      return "images";
    }

    @Override
    public int partition() {
      return 3;
    }

    @Override
    public long offset() {
      return 42;
    }

    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 3);
    }

    @Override
    public long timestamp() {
      return 1_000;
    }

    @Override
    public byte[] sourceRawKey() {
      return KEY;
    }
  }

  private double count(FailedStage stage) {
    return meters
        .get("iqmon.dead.letters")
        .tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
        .counter()
        .count();
  }

  @Test
  void shouldDeadLetterTheInputRecordOfAFailedProcessorAsInternalAndCountIt() {
    ProcessingExceptionHandler.Response response =
        handler.handleError(
            new Context("score-images"),
            new Record<>("cam-1", "an outcome", 1_000L),
            new IllegalStateException("2 results for 1 image"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    List<ProducerRecord<byte[], byte[]>> records = response.deadLetterQueueRecords();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).topic()).isEqualTo("images.dlq");
    assertThat(records.get(0).key()).isEqualTo(KEY);
    DeadLetter letter = letters.deserializer().deserialize("images.dlq", records.get(0).value());
    assertThat(letter.getStage()).isEqualTo(FailedStage.INTERNAL);
    assertThat(letter.getReason())
        .isEqualTo(
            "unexpected error in score-images: java.lang.IllegalStateException: 2 results for 1"
                + " image");
    assertThat(letter.getPartition()).isEqualTo(3);
    assertThat(letter.getOffset()).isEqualTo(42);
    assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(VALUE));
    assertThat(count(FailedStage.INTERNAL)).isEqualTo(1);
    assertThat(count(FailedStage.DESERIALIZE)).isZero();
  }

  @Test
  void shouldNameTheFeedAndImageOfTheEventWhoseProcessingFailed() {
    ImageEvent event =
        TestImages.event("cam-1", "img-7", java.time.Instant.EPOCH, new byte[] {1, 2, 3});
    byte[] value = serdes.forValue(ImageEvent.class).serializer().serialize("images", event);

    ProcessingExceptionHandler.Response response =
        handler.handleError(
            new Context("alerts", value),
            new Record<>("cam-1", "a scored image", 1_000L),
            new IllegalStateException("a bug"));

    DeadLetter letter =
        letters
            .deserializer()
            .deserialize("images.dlq", response.deadLetterQueueRecords().get(0).value());
    assertThat(letter.getStage()).isEqualTo(FailedStage.INTERNAL);
    assertThat(letter.getFeedId()).isEqualTo("cam-1");
    assertThat(letter.getImageId()).isEqualTo("img-7");
  }

  @Test
  void shouldDeadLetterARecordThatCannotBeReadAtDeserializeAndCountIt() {
    var response =
        handler.handleError(
            new Context("images-source"),
            new ConsumerRecord<>("images", 3, 42, KEY, VALUE),
            new IllegalArgumentException("not Avro"));

    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    assertThat(count(FailedStage.DESERIALIZE)).isEqualTo(1);
    assertThat(count(FailedStage.INTERNAL)).isZero();
  }

  @Test
  void shouldFailTheThreadAndCountNothingWhileTheRegistryDoesNotAnswer() {
    ProcessingExceptionHandler.Response response =
        handler.handleError(
            new Context("score-images"),
            new Record<>("cam-1", "an outcome", 1_000L),
            new IllegalStateException(
                new RegistryUnreachableException("connection refused", 0, 0, null)));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(count(FailedStage.INTERNAL)).isZero();
  }
}
