package dev.iqmon.schema;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.LevelProbabilities;
import dev.iqmon.avro.QualityLevel;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RleMask;
import dev.iqmon.avro.RoiSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Sample records, evolved test schemas, and framing done independently of the serde. */
final class TestRecords {

  /** RegionScore plus an optional field with a default: BACKWARD compatible with the class. */
  static final String REGION_SCORE_V2 = "/schemas/RegionScore-v2-optional-field.avsc";

  /** RegionScore plus a field without a default: not BACKWARD compatible with the class. */
  static final String REGION_SCORE_REQUIRED_FIELD = "/schemas/RegionScore-required-field.avsc";

  private TestRecords() {}

  static RegionScore regionScore(String imageId) {
    return RegionScore.newBuilder()
        .setFeedId("cam-7")
        .setImageId(imageId)
        .setCaptureTime(Instant.parse("2025-03-01T12:00:00.123Z"))
        .setRoiId("roi-1")
        .setLabel("face")
        .setSource(RoiSource.SEGMENTED)
        .setBox(new Box(10.0, 20.0, 64.0, 48.0))
        .setAreaFraction(0.05)
        .setMask(new RleMask(480, 640, "a1b2"))
        .setScore(71.5)
        .setLevel(QualityLevel.GOOD)
        .setLevels(new LevelProbabilities(0.01, 0.04, 0.2, 0.5, 0.25))
        .setDistortions(Map.of("blur", 0.7, "noise", 0.1))
        .setImportance(0.8)
        .setIndicators(Map.of("sharpness", 123.0))
        .setModelId("iqmon-roi")
        .setModelVersion("1")
        .build();
  }

  static Schema schema(String resource) {
    try (InputStream in = TestRecords.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The record as a producer with the {@code newer} schema would hold it: same values, the new
   * fields at their defaults, then {@code extra} fields set.
   */
  static GenericRecord asNewer(SpecificRecord record, Schema newer, Map<String, Object> extra) {
    try {
      byte[] old = plainAvro(record);
      GenericDatumReader<GenericRecord> reader =
          new GenericDatumReader<>(record.getSchema(), newer, GenericData.get());
      GenericRecord upgraded = reader.read(null, DecoderFactory.get().binaryDecoder(old, null));
      extra.forEach(upgraded::put);
      return upgraded;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Avro binary of a specific record, no framing. */
  static byte[] plainAvro(SpecificRecord record) {
    @SuppressWarnings("unchecked")
    Class<SpecificRecord> type = (Class<SpecificRecord>) record.getClass();
    return encode(new SpecificDatumWriter<>(type), record);
  }

  /** Confluent framing of a generic record, written independently of {@link AvroSerializer}. */
  static byte[] framed(int schemaId, GenericRecord record) {
    byte[] body = encode(new GenericDatumWriter<>(record.getSchema()), record);
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
  }

  private static <D> byte[] encode(org.apache.avro.io.DatumWriter<D> writer, D datum) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      writer.write(datum, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
