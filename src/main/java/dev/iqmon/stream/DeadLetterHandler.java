package dev.iqmon.stream;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.schema.RegistryUnreachableException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches what the pipeline did not expect (a bug, a corrupt internal record) and sends the
 * original input record to the dead-letter topic with the reason, so nothing is lost and the stream
 * goes on. A schema registry that does not answer is not the record's fault: that fails the stream
 * thread instead, which the service restarts after a pause, from the last commit. Configured
 * through the Streams config: {@link #TOPIC}, {@link #SERIALIZER}, {@link #METRICS}, and {@link
 * #EVENTS} to name the feed and image of a dead letter whose event can be read.
 */
public final class DeadLetterHandler
    implements ProcessingExceptionHandler, DeserializationExceptionHandler {

  public static final String TOPIC = "iqmon.dead-letter.topic";
  public static final String SERIALIZER = "iqmon.dead-letter.serializer";
  public static final String METRICS = "iqmon.metrics";
  public static final String EVENTS = "iqmon.dead-letter.events";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

  private String topic;
  private Serializer<DeadLetter> serializer;
  private IqmonMetrics metrics;
  private Deserializer<ImageEvent> events;

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    topic = (String) require(configs, TOPIC);
    serializer = (Serializer<DeadLetter>) require(configs, SERIALIZER);
    metrics = (IqmonMetrics) require(configs, METRICS);
    events = (Deserializer<ImageEvent>) configs.get(EVENTS);
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (RegistryUnreachableException.isCauseOf(exception)) {
      return ProcessingExceptionHandler.Response.fail();
    }
    return ProcessingExceptionHandler.Response.resume(
        deadLetter(context, FailedStage.INTERNAL, exception));
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (RegistryUnreachableException.isCauseOf(exception)) {
      return DeserializationExceptionHandler.Response.fail();
    }
    return DeserializationExceptionHandler.Response.resume(
        deadLetter(context, FailedStage.DESERIALIZE, exception));
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(
      ErrorHandlerContext context, FailedStage stage, Exception exception) {
    LOG.error(
        "Dead-lettering the record at {}-{}@{} (task {}, node {}): {}",
        context.topic(),
        context.partition(),
        context.offset(),
        context.taskId(),
        context.processorNodeId(),
        exception.toString(),
        exception);
    metrics.deadLetter(stage);
    SourceRecord source =
        new SourceRecord(
            context.topic(),
            context.partition(),
            context.offset(),
            context.timestamp(),
            context.sourceRawKey(),
            context.sourceRawValue());
    String reason = "unexpected error in " + context.processorNodeId() + ": " + exception;
    DeadLetter letter =
        DeadLetters.of(source, stage, reason, exception, System.currentTimeMillis());
    if (events != null && stage != FailedStage.DESERIALIZE) {
      DeadLetters.readQuietly(events, source).ifPresent(event -> DeadLetters.named(letter, event));
    }
    return List.of(
        new ProducerRecord<>(
            topic,
            null,
            context.timestamp(),
            context.sourceRawKey(),
            serializer.serialize(topic, letter)));
  }

  private static Object require(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      throw new IllegalStateException(key + " is missing from the Streams config");
    }
    return value;
  }
}
