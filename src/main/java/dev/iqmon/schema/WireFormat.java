package dev.iqmon.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format's frame: magic byte 0, then the schema id as 4 bytes big-endian, then
 * the Avro binary encoding of the record.
 */
final class WireFormat {

  static final byte MAGIC_BYTE = 0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  static void writeHeader(ByteBuffer out, int schemaId) {
    out.put(MAGIC_BYTE).putInt(schemaId);
  }

  /**
   * The schema id in the frame's header.
   *
   * @throws IllegalArgumentException when the bytes are not in the wire format
   */
  static int schemaId(byte[] data) {
    if (data.length < HEADER_SIZE) {
      throw new IllegalArgumentException(
          "not in the Confluent wire format: "
              + data.length
              + " byte(s), fewer than the 5-byte header (magic byte 0, 4-byte schema id)");
    }
    if (data[0] != MAGIC_BYTE) {
      throw new IllegalArgumentException(
          String.format(
              "not in the Confluent wire format: first byte is 0x%02x, expected magic byte 0x00"
                  + " (the data may be plain Avro, JSON or text)",
              data[0]));
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }

  /**
   * Reads a framed record with the reader for its schema id. A failure names what was read, the
   * topic, the schema id when there is one, and why.
   */
  static <T> T read(
      byte[] data, String what, String topic, IntFunction<DatumReader<T>> readerForSchemaId) {
    int id;
    try {
      id = schemaId(data);
    } catch (IllegalArgumentException e) {
      throw new SerializationException(
          "Cannot read " + what + " from topic '" + topic + "': " + e.getMessage(), e);
    }
    try {
      BinaryDecoder body =
          DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, null);
      return readerForSchemaId.apply(id).read(null, body);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          String.format(
              "Cannot read %s from topic '%s' (schema id %d): %s", what, topic, id, e.getMessage()),
          e);
    }
  }
}
