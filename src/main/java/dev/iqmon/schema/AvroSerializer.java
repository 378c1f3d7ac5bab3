package dev.iqmon.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific Avro records in the Confluent wire format. The schema goes under the subject
 * {@code <topic>-value} ({@code <topic>-key} for keys), registered on first use unless
 * auto-registration is off, in which case it must already be there. Ids are cached per subject.
 * Null stays null (a tombstone).
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final SchemaRegistry registry;
  private final Class<T> type;
  private final Schema schema;
  private final DatumWriter<T> writer;
  private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();
  private volatile boolean isKey;
  private volatile boolean autoRegister;

  public AvroSerializer(
      Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema, model);
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  /**
   * Reads {@value AvroSerde#AUTO_REGISTER_SCHEMAS} where given; {@code isKey} picks the subject.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    Object auto = configs.get(AvroSerde.AUTO_REGISTER_SCHEMAS);
    if (auto != null) {
      this.autoRegister = Boolean.parseBoolean(auto.toString());
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    String subject = AvroSerde.subject(topic, isKey);
    Integer id = idsBySubject.get(subject);
    try {
      if (id == null) {
        id = schemaId(subject);
        idsBySubject.putIfAbsent(subject, id);
      }
      return encode(id, record);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          String.format(
              "Cannot serialize %s for topic '%s' (subject %s, schema id %s): %s",
              type.getSimpleName(), topic, subject, id == null ? "unknown" : id, e.getMessage()),
          e);
    }
  }

  private int schemaId(String subject) {
    if (autoRegister) {
      return registry.register(subject, schema);
    }
    try {
      return registry.idOf(subject, schema);
    } catch (SchemaNotFoundException e) {
      throw new SchemaNotFoundException(
          "the schema of "
              + type.getName()
              + " is not registered under subject "
              + subject
              + " and auto-registration is off; register it first ("
              + e.getMessage()
              + ")",
          e.httpStatus(),
          e.errorCode());
    }
  }

  private byte[] encode(int id, T record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
    WireFormat.writeHeader(header, id);
    out.write(header.array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
