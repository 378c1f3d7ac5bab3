package dev.iqmon.app;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.RetryPolicy;
import dev.iqmon.schema.SchemaRegistry;
import dev.iqmon.schema.SchemaRegistryClient;
import dev.iqmon.schema.SchemaRegistryException;
import dev.iqmon.stream.StreamsSettings;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client settings shared by the commands that produce to or consume from iqmon's topics. */
final class Clients {

  private Clients() {}

  static SchemaRegistry registry(IqmonConfig config) {
    return builder(config).build();
  }

  /** A client for health probes: one attempt, short timeouts. */
  static SchemaRegistryClient registryProbe(IqmonConfig config) {
    return builder(config)
        .retry(RetryPolicy.NONE)
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Fails, naming {@code registry.url} and its value, unless the registry answers. */
  static void requireRegistry(IqmonConfig config) {
    try {
      builder(config).build().ping();
    } catch (SchemaRegistryException e) {
      throw new IllegalStateException(
          "cannot reach the schema registry at registry.url="
              + config.registry().url()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static SchemaRegistryClient.Builder builder(IqmonConfig config) {
    SchemaRegistryClient.Builder builder = SchemaRegistryClient.builder(config.registry().url());
    if (config.registry().username() != null) {
      builder.basicAuth(config.registry().username(), config.registry().password());
    }
    return builder;
  }

  /** A producer of image events in the Confluent wire format, keyed by feed. */
  static KafkaProducer<String, ImageEvent> imageProducer(
      IqmonConfig config, SchemaRegistry registry) {
    return new KafkaProducer<>(
        producer(config),
        new StringSerializer(),
        AvroSerde.forValues(ImageEvent.class, registry).serializer());
  }

  static Properties producer(IqmonConfig config) {
    Properties props = common(config);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, StreamsSettings.maxRecordBytes(config));
    return props;
  }

  static Properties consumer(IqmonConfig config, String groupId) {
    Properties props = common(config);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    int max = StreamsSettings.maxDeadLetterBytes(config);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, max);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, max);
    return props;
  }

  private static Properties common(IqmonConfig config) {
    Properties props = new Properties();
    props.put(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().requiredBootstrapServers());
    props.putAll(config.kafka().properties());
    return props;
  }
}
