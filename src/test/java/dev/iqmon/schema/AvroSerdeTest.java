package dev.iqmon.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.RegionScore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static final String TOPIC = "region-scores";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(0x01020304);
  private final AvroSerde<RegionScore> serde = AvroSerde.forValues(RegionScore.class, registry);

  @Test
  void shouldFrameRecordWithMagicByteBigEndianSchemaIdAndAvroBinary() {
    RegionScore score = TestRecords.regionScore("img-1");

    byte[] bytes = serde.serializer().serialize(TOPIC, score);

    assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(TestRecords.plainAvro(score));
  }

  @Test
  void shouldReadBackWhatItWrote() {
    RegionScore score = TestRecords.regionScore("img-1");

    byte[] bytes = serde.serializer().serialize(TOPIC, score);

    assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(score);
  }

  @Test
  void shouldRegisterValueSchemaUnderTopicValueSubject() {
    serde.serializer().serialize(TOPIC, TestRecords.regionScore("img-1"));

    assertThat(registry.versions("region-scores-value")).containsExactly(RegionScore.SCHEMA$);
    assertThat(registry.versions("region-scores-key")).isEmpty();
  }

  @Test
  void shouldRegisterKeySchemaUnderTopicKeySubject() {
    AvroSerde<Box> keys = AvroSerde.forKeys(Box.class, registry);

    keys.serializer().serialize(TOPIC, new Box(1.0, 2.0, 3.0, 4.0));

    assertThat(registry.versions("region-scores-key")).containsExactly(Box.SCHEMA$);
  }

  @Test
  void shouldUseKeySubjectWhenKafkaConfiguresSerdeAsKey() {
    AvroSerde<Box> boxes = new AvroSerde<>(Box.class, registry, false, true);
    boxes.configure(Map.of(), true);

    boxes.serializer().serialize(TOPIC, new Box(1.0, 2.0, 3.0, 4.0));

    assertThat(registry.versions("region-scores-key")).containsExactly(Box.SCHEMA$);
  }

  @Test
  void shouldRegisterSchemaOncePerTopicHoweverManyRecords() {
    for (int i = 0; i < 5; i++) {
      serde.serializer().serialize(TOPIC, TestRecords.regionScore("img-" + i));
    }
    serde.serializer().serialize("other-topic", TestRecords.regionScore("img-x"));

    assertThat(registry.calls("register")).isEqualTo(2);
  }

  @Test
  void shouldFetchWriterSchemaOnceHoweverManyRecords() {
    byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.regionScore("img-1"));
    AvroDeserializer<RegionScore> reader = new AvroDeserializer<>(RegionScore.class, registry);

    for (int i = 0; i < 5; i++) {
      reader.deserialize(TOPIC, bytes);
    }

    assertThat(registry.calls("schemaById")).isEqualTo(1);
  }

  @Test
  void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
    int id = registry.register("region-scores-value", RegionScore.SCHEMA$);
    AvroSerde<RegionScore> strict = new AvroSerde<>(RegionScore.class, registry, false, false);

    byte[] bytes = strict.serializer().serialize(TOPIC, TestRecords.regionScore("img-1"));

    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThat(registry.calls("register")).isEqualTo(1);
    assertThat(registry.calls("idOf")).isEqualTo(1);
  }

  @Test
  void shouldFailClearlyWhenAutoRegisterIsOffAndSchemaIsAbsent() {
    serde.configure(Map.of(AvroSerde.AUTO_REGISTER_SCHEMAS, "false"), false);

    assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, TestRecords.regionScore("i")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'region-scores'")
        .hasMessageContaining("region-scores-value")
        .hasMessageContaining("auto-registration is off");
    assertThat(registry.versions("region-scores-value")).isEmpty();
  }

  @Test
  void shouldMapNullToNullBothWays() {
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(registry.calls("register")).isZero();
  }

  @Test
  void shouldRejectBytesWithoutMagicByteNamingTheTopic() {
    byte[] json = "{\"feedId\":\"cam-7\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'region-scores'")
        .hasMessageContaining("0x7b")
        .hasMessageContaining("magic byte");
    assertThat(registry.calls("schemaById")).isZero();
  }

  @Test
  void shouldRejectBytesShorterThanTheHeader() {
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 byte(s)");
  }

  @Test
  void shouldNameTopicAndSchemaIdWhenWriterSchemaIsUnknown() {
    byte[] bytes = {0, 0, 0, 0, 42, 2, 'a'};

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'region-scores'")
        .hasMessageContaining("schema id 42")
        .hasCauseInstanceOf(SchemaNotFoundException.class);
  }

  @Test
  void shouldRefuseToReadRecordOfAnotherType() {
    byte[] box = AvroSerde.forValues(Box.class, registry).serializer().serialize(TOPIC, box());

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, box))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("dev.iqmon.avro.Box, not dev.iqmon.avro.RegionScore");
  }

  @Test
  void shouldWrapUnreachableRegistryInSerializationExceptionNamingTopic() {
    registry.setDown(true);

    assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, TestRecords.regionScore("i")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'region-scores'")
        .hasCauseInstanceOf(RegistryUnreachableException.class);
  }

  @Test
  void shouldReadRecordWrittenWithNewerCompatibleSchema() {
    Schema newer = TestRecords.schema(TestRecords.REGION_SCORE_V2);
    serde.serializer().serialize(TOPIC, TestRecords.regionScore("img-0"));
    int newerId = registry.register("region-scores-value", newer);
    RegionScore original = TestRecords.regionScore("img-1");
    GenericRecord written =
        TestRecords.asNewer(original, newer, Map.of("cameraModel", "Acme X100"));

    RegionScore read =
        serde.deserializer().deserialize(TOPIC, TestRecords.framed(newerId, written));

    assertThat(read).isEqualTo(original);
  }

  @Test
  void shouldRejectIncompatibleSchemaUnderBackwardCompatibility() {
    serde.serializer().serialize(TOPIC, TestRecords.regionScore("img-0"));
    Schema breaking = TestRecords.schema(TestRecords.REGION_SCORE_REQUIRED_FIELD);

    assertThat(registry.testCompatibility("region-scores-value", breaking)).isFalse();
    assertThatThrownBy(() -> registry.register("region-scores-value", breaking))
        .isInstanceOf(IncompatibleSchemaException.class);
  }

  private static Box box() {
    return new Box(1.0, 2.0, 3.0, 4.0);
  }
}
