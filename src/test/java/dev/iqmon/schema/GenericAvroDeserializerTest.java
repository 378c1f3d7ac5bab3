package dev.iqmon.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.avro.RegionScore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class GenericAvroDeserializerTest {

  private static final String TOPIC = "region-scores";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(7);
  private final GenericAvroDeserializer generic = new GenericAvroDeserializer(registry);

  @Test
  void shouldReadARecordWithItsWritersSchemaWithoutItsClass() {
    RegionScore score = TestRecords.regionScore("img-1");
    byte[] bytes =
        AvroSerde.forValues(RegionScore.class, registry).serializer().serialize(TOPIC, score);

    GenericRecord record = generic.deserialize(TOPIC, bytes);

    assertThat(record.getSchema()).isEqualTo(RegionScore.SCHEMA$);
    assertThat(record.get("imageId").toString()).isEqualTo("img-1");
    assertThat(record.get("captureTime"))
        .isInstanceOf(Instant.class)
        .isEqualTo(score.getCaptureTime());
  }

  @Test
  void shouldNameTheTopicWhenTheBytesAreNotInTheWireFormat() {
    byte[] json = "{\"imageId\": \"img-1\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> generic.deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'region-scores'")
        .hasMessageContaining("magic byte");
  }

  @Test
  void shouldPassANullValueThrough() {
    assertThat(generic.deserialize(TOPIC, null)).isNull();
  }
}
