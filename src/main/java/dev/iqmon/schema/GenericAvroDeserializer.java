package dev.iqmon.schema;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads any record in the Confluent wire format with its writer's schema from the registry, for
 * tools that follow topics without knowing their record types. Timestamps come back as {@link
 * java.time.Instant}s.
 */
public final class GenericAvroDeserializer implements Deserializer<GenericRecord> {

  private final SchemaRegistry registry;
  private final Map<Integer, DatumReader<GenericRecord>> readersById = new ConcurrentHashMap<>();

  public GenericAvroDeserializer(SchemaRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public GenericRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    return WireFormat.read(
        data, "a record", topic, id -> readersById.computeIfAbsent(id, this::reader));
  }

  private DatumReader<GenericRecord> reader(int id) {
    Schema schema = registry.schemaById(id);
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(
        new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
    return new GenericDatumReader<>(schema, schema, model);
  }
}
