package dev.iqmon.schema;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for a specific Avro class in the Confluent wire format, backed by a {@link
 * SchemaRegistry}: {@link AvroSerializer} and {@link AvroDeserializer} together.
 *
 * <pre>{@code
 * Serde<RegionScore> scores = AvroSerde.forValues(RegionScore.class, registry);
 * }</pre>
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  /** Config key, as in Confluent's serdes: register schemas on first use (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  public AvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    this.serializer = new AvroSerializer<>(type, registry, isKey, autoRegister);
    this.deserializer = new AvroDeserializer<>(type, registry);
  }

  /** A serde for record values (subject {@code <topic>-value}) that registers its schema. */
  public static <T extends SpecificRecord> AvroSerde<T> forValues(
      Class<T> type, SchemaRegistry registry) {
    return new AvroSerde<>(type, registry, false, true);
  }

  /** A serde for record keys (subject {@code <topic>-key}) that registers its schema. */
  public static <T extends SpecificRecord> AvroSerde<T> forKeys(
      Class<T> type, SchemaRegistry registry) {
    return new AvroSerde<>(type, registry, true, true);
  }

  /** The subject of a topic's keys or values under Confluent's TopicNameStrategy. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
