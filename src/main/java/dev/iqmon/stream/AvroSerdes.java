package dev.iqmon.stream;

import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of the Avro record types, all through one schema registry. */
public final class AvroSerdes {

  private final SchemaRegistry registry;
  private final boolean autoRegister;

  public AvroSerdes(SchemaRegistry registry, boolean autoRegister) {
    this.registry = registry;
    this.autoRegister = autoRegister;
  }

  public <T extends SpecificRecord> Serde<T> forValue(Class<T> type) {
    return new AvroSerde<>(type, registry, false, autoRegister);
  }
}
