package dev.iqmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro records as plain JSON for people and scripts: unions unwrapped, timestamps as ISO-8601,
 * bytes as their length (or base64 when asked), since dead letters carry whole images.
 */
final class AvroJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final boolean bytesAsBase64;

  AvroJson(boolean bytesAsBase64) {
    this.bytesAsBase64 = bytesAsBase64;
  }

  JsonNode toJson(GenericRecord record) {
    return value(record.getSchema(), record);
  }

  private JsonNode value(Schema schema, Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    return switch (schema.getType()) {
      case UNION ->
          value(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
      case RECORD -> record((GenericRecord) value);
      case ARRAY -> array(schema.getElementType(), (Collection<?>) value);
      case MAP -> map(schema.getValueType(), (Map<?, ?>) value);
      case BYTES, FIXED -> bytes(value);
      case LONG ->
          schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
              ? JSON.textNode(timestamp(value))
              : JSON.numberNode(((Number) value).longValue());
      case INT -> JSON.numberNode(((Number) value).intValue());
      case FLOAT, DOUBLE -> JSON.numberNode(((Number) value).doubleValue());
      case BOOLEAN -> JSON.booleanNode((Boolean) value);
      default -> JSON.textNode(value.toString());
    };
  }

  private ObjectNode record(GenericRecord record) {
    ObjectNode node = JSON.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      node.set(field.name(), value(field.schema(), record.get(field.pos())));
    }
    return node;
  }

  private ArrayNode array(Schema items, Collection<?> values) {
    ArrayNode node = JSON.arrayNode();
    values.forEach(v -> node.add(value(items, v)));
    return node;
  }

  private ObjectNode map(Schema values, Map<?, ?> map) {
    ObjectNode node = JSON.objectNode();
    map.forEach((k, v) -> node.set(k.toString(), value(values, v)));
    return node;
  }

  private JsonNode bytes(Object value) {
    byte[] bytes;
    if (value instanceof ByteBuffer buffer) {
      bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
    } else {
      bytes = ((GenericData.Fixed) value).bytes();
    }
    if (bytesAsBase64) {
      return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    return JSON.objectNode().put("bytes", bytes.length);
  }

  private static String timestamp(Object value) {
    return value instanceof Instant instant
        ? instant.toString()
        : Instant.ofEpochMilli(((Number) value).longValue()).toString();
  }
}
