package dev.iqmon.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

  private static final int MAX_MESSAGE_BYTES = 2 << 20;

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.builder().maxMessageBytes(MAX_MESSAGE_BYTES).start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void shouldDeliverProducedRecordsToAConsumerInOrder() throws Exception {
    kafka.createTopics(1, "round-trip");
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>("round-trip", "cam-1", "image-" + i)).get();
      }
    }

    List<ConsumerRecord<String, String>> records = consume("round-trip", 3, "read_uncommitted");

    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactly("image-0", "image-1", "image-2");
    assertThat(records).extracting(ConsumerRecord::key).containsOnly("cam-1");
  }

  @Test
  void shouldKeepItsRecordsAndPortAcrossARestartAndDeliverWhatWasSentWhileDown() throws Exception {
    try (EmbeddedKafka other = EmbeddedKafka.builder().start()) {
      other.createTopics(1, "kept");
      String address = other.bootstrapServers();
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("kept", "cam-1", "before")).get();

        other.shutDown();
        var during = producer.send(new ProducerRecord<>("kept", "cam-1", "during"));
        Thread.sleep(2000);
        assertThat(during).as("nothing to deliver to while the broker is down").isNotDone();
        other.restart();
        during.get();
      }

      assertThat(other.bootstrapServers()).isEqualTo(address);
      assertThat(consume(other, "kept", 2, "read_uncommitted"))
          .extracting(ConsumerRecord::value)
          .containsExactly("before", "during");
    }
  }

  @Test
  void shouldCommitTransactionsAndHideAbortedOnesFromReadCommittedConsumers() throws Exception {
    kafka.createTopics(2, "transactional");
    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactional", "cam-1", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactional", "cam-1", "committed"));
      producer.commitTransaction();
    }

    List<ConsumerRecord<String, String>> records = consume("transactional", 1, "read_committed");

    assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
  }

  @Test
  void shouldAcceptRecordsUpToTheConfiguredMessageLimitAndRejectLargerOnes() throws Exception {
    kafka.createTopics(1, "large");
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            8 << 20,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "none");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>("large", new byte[3 << 19])).get();

      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>("large", new byte[3 << 20])).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(RecordTooLargeException.class);
    }
  }

  @Test
  void shouldListenOnTheRequestedPortAndDeleteItsDataOnClose() {
    int port = FreePort.pick();
    Path dataDir;
    try (EmbeddedKafka other = EmbeddedKafka.builder().port(port).start()) {
      assertThat(other.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      other.createTopics(1, "on-requested-port");
      dataDir = other.dataDir();
      assertThat(dataDir).isDirectory();
    }
    assertThat(Files.exists(dataDir)).isFalse();
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static List<ConsumerRecord<String, String>> consume(
      String topic, int expected, String isolation) {
    return consume(kafka, topic, expected, isolation);
  }

  private static List<ConsumerRecord<String, String>> consume(
      EmbeddedKafka broker, String topic, int expected, String isolation) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-" + topic,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // One more poll: a record beyond the expected ones would show up here.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
