package dev.iqmon.stream;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.metrics.IqmonMetrics;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties of the service, from its config, dead-letter handlers included: the
 * service runs {@link IqmonTopology} with them and the topology tests drive it with them. Also the
 * one place for the size of the largest record a topic, producer or consumer must allow.
 */
public final class StreamsSettings {

  /** Room for a record's own fields beside the largest image it carries. */
  public static final int ENVELOPE_BYTES = 1 << 20;

  private StreamsSettings() {}

  /** The largest image event: the largest image with {@link #ENVELOPE_BYTES} for the rest. */
  public static int maxRecordBytes(IqmonConfig config) {
    return clamp(config.images().maxBytes() + ENVELOPE_BYTES);
  }

  /** The largest dead letter: the largest image event with its own envelope around it. */
  public static int maxDeadLetterBytes(IqmonConfig config) {
    return clamp(config.images().maxBytes() + 2L * ENVELOPE_BYTES);
  }

  private static int clamp(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** The settings, with the dead letters written and the events read through {@code serdes}. */
  public static Properties of(IqmonConfig config, AvroSerdes serdes, IqmonMetrics metrics) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().requiredBootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.kafka().processingGuarantee());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.kafka().streamThreads());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.kafka().stateDir());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(DeadLetterHandler.TOPIC, config.topics().deadLetters());
    props.put(DeadLetterHandler.SERIALIZER, serdes.forValue(DeadLetter.class).serializer());
    props.put(DeadLetterHandler.EVENTS, serdes.forValue(ImageEvent.class).deserializer());
    props.put(DeadLetterHandler.METRICS, metrics);
    int maxRecord = maxRecordBytes(config);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxRecord);
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), maxRecord);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), maxRecord);
    if (config.model().serviceBatchSize() > 1) {
      // The batch-wait punctuation runs when the thread is not blocked waiting for input.
      long wait = config.model().batchWait().toMillis();
      props.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, wait)));
    }
    if (config.workers().enabled()) {
      // Outcomes finished on the pool are forwarded when the thread is not blocked waiting for
      // input, so it must not block long.
      props.merge(StreamsConfig.POLL_MS_CONFIG, 10L, (a, b) -> Math.min((Long) a, (Long) b));
    }
    props.putAll(config.kafka().properties());
    return props;
  }
}
