package dev.iqmon.schema;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format into a specific Avro class. The writer's schema comes
 * from the registry by the id in the frame; the class's own schema is the reader's, so Avro's
 * schema resolution lets this code read data written with newer (or older) compatible schemas.
 * Readers are cached per writer schema id. Null stays null (a tombstone).
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final SchemaRegistry registry;
  private final Class<T> type;
  private final SpecificData model;
  private final Schema readerSchema;
  private final Map<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();

  public AvroDeserializer(Class<T> type, SchemaRegistry registry) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the writer's schema id travels with every record.
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    return WireFormat.read(data, type.getSimpleName(), topic, this::reader);
  }

  private DatumReader<T> reader(int id) {
    DatumReader<T> cached = readersById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema writerSchema = registry.schemaById(id);
    if (!writerSchema.getFullName().equals(readerSchema.getFullName())) {
      // Resolution would match a record of another name only through aliases; say so plainly.
      if (!readerSchema.getAliases().contains(writerSchema.getFullName())) {
        throw new AvroRuntimeException(
            "schema id "
                + id
                + " is "
                + writerSchema.getFullName()
                + ", not "
                + readerSchema.getFullName());
      }
    }
    DatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
    DatumReader<T> raced = readersById.putIfAbsent(id, reader);
    return raced == null ? reader : raced;
  }
}
