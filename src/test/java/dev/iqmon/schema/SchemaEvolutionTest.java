package dev.iqmon.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The output schemas changed since their first release against the versions released: readers on
 * the new schema read old records (BACKWARD, as the registry checks) and readers on the old one
 * read new records.
 */
class SchemaEvolutionTest {

  @ParameterizedTest
  @ValueSource(strings = {"QualityAlert", "QualityTrend", "ImageQuality"})
  void shouldReadRecordsOfThePreviousVersionAndBeReadByIt(String name) throws IOException {
    Schema current = current(name);
    Schema previous = previous(name);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, previous).getType())
        .as("new readers, old records")
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    if (name.equals("QualityAlert")) {
      assertOnlyNewAlertKindsAreUnknownToOldReaders(previous, current);
    } else {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(previous, current).getType())
          .as("old readers, new records")
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  /**
   * The released QualityAlert's AlertKind has no default, so its readers cannot read the kinds
   * added since (the camera-health rules); everything else they read. The current AlertKind has a
   * default, so its readers will read kinds added later.
   */
  private static void assertOnlyNewAlertKindsAreUnknownToOldReaders(
      Schema previous, Schema current) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(previous, current);
    assertThat(result.getResult().getIncompatibilities())
        .as("old readers, new records")
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getType()).isEqualTo(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
              assertThat(i.getLocation()).isEqualTo("/fields/5/type/symbols");
              assertThat(i.getMessage())
                  .contains("SCENE_CHANGE", "SIGNAL_LOSS", "LENS_BLOCKED", "FEED_LAG", "OTHER");
            });
    assertThat(current.getField("kind").schema().getEnumDefault()).isEqualTo("OTHER");
  }

  private static Schema current(String name) {
    return switch (name) {
      case "QualityAlert" -> QualityAlert.getClassSchema();
      case "QualityTrend" -> QualityTrend.getClassSchema();
      default -> ImageQuality.getClassSchema();
    };
  }

  /** The released schema, parsed with the shared types it names. */
  private static Schema previous(String name) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    // In name order, which puts Point before the PointPrompt that uses it.
    try (Stream<Path> common = Files.list(Path.of("schemas/common"))) {
      for (Path type : common.sorted().toList()) {
        parser.parse(type.toFile());
      }
    }
    try (InputStream in =
        SchemaEvolutionTest.class.getResourceAsStream("/schemas/previous/" + name + ".avsc")) {
      return parser.parse(in);
    }
  }
}
