package dev.iqmon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.schema.InMemorySchemaRegistry;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static final int MIB = 1 << 20;

  private static IqmonConfig config(long maxImageBytes) {
    return new ConfigLoader()
        .set("kafka.bootstrap-servers=broker:9092")
        .set("images.max-bytes=" + maxImageBytes)
        .load();
  }

  @Test
  void shouldLetTheLargestImageEventThroughProducerConsumerAndTopic() {
    IqmonConfig config = config(10L * MIB);

    Properties props = StreamsSettings.of(config, serdes(), metrics());

    assertThat(StreamsSettings.maxRecordBytes(config)).isEqualTo(11 * MIB);
    assertThat(StreamsSettings.maxDeadLetterBytes(config)).isEqualTo(12 * MIB);
    assertThat(props)
        .containsEntry(
            StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 11 * MIB)
        .containsEntry(
            StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 11 * MIB)
        .containsEntry(
            StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 11 * MIB);
  }

  @Test
  void shouldCapRecordSizesAtWhatKafkaCanCount() {
    IqmonConfig config = config(Integer.MAX_VALUE);

    assertThat(StreamsSettings.maxRecordBytes(config)).isEqualTo(Integer.MAX_VALUE);
    assertThat(StreamsSettings.maxDeadLetterBytes(config)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void shouldSendWhatCannotBeProcessedToTheDeadLetterTopic() {
    IqmonConfig config = config(MIB);

    Properties props = StreamsSettings.of(config, serdes(), metrics());

    assertThat(props)
        .containsEntry(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class)
        .containsEntry(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class)
        .containsEntry(DeadLetterHandler.TOPIC, config.topics().deadLetters())
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
  }

  private static AvroSerdes serdes() {
    return new AvroSerdes(new InMemorySchemaRegistry(), true);
  }

  private static IqmonMetrics metrics() {
    return IqmonMetrics.discarding();
  }
}
