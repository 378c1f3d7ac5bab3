package dev.iqmon.quality.classical;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class PlainJavaTest {

  @Test
  void shouldKeepImagesRegionsAndQualityFreeOfKafkaAndAvro() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.iqmon.image", "dev.iqmon.roi", "dev.iqmon.quality");

    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "dev.iqmon.avro..")
        .because("decoding and scoring are plain Java, testable and reusable without a broker")
        .check(classes);
  }
}
