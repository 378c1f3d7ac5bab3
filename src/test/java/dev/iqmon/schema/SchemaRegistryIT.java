package dev.iqmon.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.avro.RegionScore;
import dev.iqmon.embedded.EmbeddedKafka;
import dev.iqmon.embedded.EmbeddedRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The client and the serde against a real registry (Apicurio's Confluent-compatible API). */
class SchemaRegistryIT {

  private static final Schema V1 = RegionScore.SCHEMA$;
  private static final Schema V2 = TestRecords.schema(TestRecords.REGION_SCORE_V2);
  private static final Schema BREAKING =
      TestRecords.schema(TestRecords.REGION_SCORE_REQUIRED_FIELD);

  private static EmbeddedRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = EmbeddedRegistry.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldRegisterSchemaAndFetchItByIdFromAnotherClient(TestInfo test) {
    int id = client().register(subject(test), V1);

    SchemaRegistryClient other = client();
    assertThat(other.schemaById(id)).isEqualTo(V1);
    assertThat(other.idOf(subject(test), V1)).isEqualTo(id);
    assertThat(other.register(subject(test), V1)).isEqualTo(id);
  }

  @Test
  void shouldAcceptOptionalFieldWithDefaultUnderBackwardCompatibility(TestInfo test) {
    SchemaRegistryClient client = client();
    int v1 = client.register(subject(test), V1);

    assertThat(client.testCompatibility(subject(test), V2)).isTrue();
    int v2 = client.register(subject(test), V2);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(client().schemaById(v2)).isEqualTo(V2);
  }

  @Test
  void shouldRejectIncompatibleSchemaWith409(TestInfo test) {
    SchemaRegistryClient client = client();
    client.register(subject(test), V1);

    assertThat(client.testCompatibility(subject(test), BREAKING)).isFalse();
    assertThatThrownBy(() -> client.register(subject(test), BREAKING))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
        .hasMessageContaining("subject '" + subject(test) + "'")
        .hasMessageContaining("cameraModel");
  }

  @Test
  void shouldApplyTheSubjectsOwnCompatibilityLevelOverTheGlobalOne(TestInfo test) {
    SchemaRegistryClient client = client();
    client.register(subject(test), V1);

    // FORWARD: readers of V1 can read data written with a schema that adds a required field.
    client.setCompatibility(subject(test), Compatibility.FORWARD);

    assertThat(client.register(subject(test), BREAKING)).isPositive();
  }

  @Test
  void shouldReportUnknownSchemaIdWithErrorCode40403() {
    assertThatThrownBy(() -> client().schemaById(987_654))
        .isInstanceOfSatisfying(
            SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
        .hasMessageContaining("schema id 987654");
  }

  @Test
  void shouldReadRecordsWrittenWithTheNewerSchemaIntoTheOlderGeneratedClass(TestInfo test) {
    String topic = topic(test);
    AvroSerde<RegionScore> serde = AvroSerde.forValues(RegionScore.class, client());
    RegionScore before = TestRecords.regionScore("img-1");
    byte[] writtenWithV1 = serde.serializer().serialize(topic, before);
    int v2 = client().register(topic + "-value", V2);
    RegionScore after = TestRecords.regionScore("img-2");
    GenericRecord newer = TestRecords.asNewer(after, V2, Map.of("cameraModel", "Acme X100"));
    byte[] writtenWithV2 = TestRecords.framed(v2, newer);

    AvroDeserializer<RegionScore> oldReader = new AvroDeserializer<>(RegionScore.class, client());

    assertThat(oldReader.deserialize(topic, writtenWithV2)).isEqualTo(after);
    assertThat(oldReader.deserialize(topic, writtenWithV1)).isEqualTo(before);
  }

  @Test
  void shouldRefuseToSerializeWithoutAutoRegistrationWhenTheSubjectIsAbsent(TestInfo test) {
    AvroSerde<RegionScore> strict = new AvroSerde<>(RegionScore.class, client(), false, false);

    assertThatThrownBy(
            () -> strict.serializer().serialize(topic(test), TestRecords.regionScore("img-1")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("auto-registration is off")
        .hasCauseInstanceOf(SchemaNotFoundException.class);
  }

  @Test
  void shouldCarryRecordsThroughKafkaInTheConfluentWireFormat(TestInfo test) {
    String topic = topic(test);
    SchemaRegistryClient client = client();
    RegionScore score = TestRecords.regionScore("img-1");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(1, topic);
      produce(kafka, topic, score, client);

      byte[] value = consumeOne(kafka, topic);

      assertThat(value[0]).isZero();
      int id = ByteBuffer.wrap(value, 1, 4).getInt();
      assertThat(client().idOf(topic + "-value", V1)).isEqualTo(id);
      AvroDeserializer<RegionScore> reader = new AvroDeserializer<>(RegionScore.class, client());
      assertThat(reader.deserialize(topic, value)).isEqualTo(score);
    }
  }

  private static void produce(
      EmbeddedKafka kafka, String topic, RegionScore score, SchemaRegistry client) {
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    AvroSerde<RegionScore> serde = AvroSerde.forValues(RegionScore.class, client);
    try (KafkaProducer<String, RegionScore> producer =
        new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
      producer.send(new ProducerRecord<>(topic, score.getFeedId(), score));
    }
  }

  private static byte[] consumeOne(EmbeddedKafka kafka, String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    assertThat(values).as("records on " + topic).hasSize(1);
    return values.get(0);
  }

  /** A fresh client: nothing cached, so every answer comes from the registry. */
  private static SchemaRegistryClient client() {
    return SchemaRegistryClient.create(registry.url());
  }

  private static String topic(TestInfo test) {
    return test.getTestMethod().orElseThrow().getName();
  }

  private static String subject(TestInfo test) {
    return topic(test) + "-value";
  }
}
