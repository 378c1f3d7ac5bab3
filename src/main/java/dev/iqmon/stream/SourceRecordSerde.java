package dev.iqmon.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An input record, byte for byte, for the state store that holds records waiting for their batch:
 * topic, partition, offset, timestamp, then key and value (length -1 for null).
 */
final class SourceRecordSerde implements Serde<SourceRecord> {

  @Override
  public Serializer<SourceRecord> serializer() {
    return (topic, record) -> record == null ? null : write(record);
  }

  @Override
  public Deserializer<SourceRecord> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  private static byte[] write(SourceRecord record) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + length(record.key()) + length(record.value()));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(record.topic());
      out.writeInt(record.partition());
      out.writeLong(record.offset());
      out.writeLong(record.timestamp());
      writeBytes(out, record.key());
      writeBytes(out, record.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static SourceRecord read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return new SourceRecord(
          in.readUTF(), in.readInt(), in.readLong(), in.readLong(), readBytes(in), readBytes(in));
    } catch (IOException e) {
      throw new UncheckedIOException("not a buffered source record", e);
    }
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
