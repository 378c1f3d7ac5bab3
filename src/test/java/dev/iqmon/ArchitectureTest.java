package dev.iqmon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.iqmon");

  @Test
  void shouldKeepTheDomainFreeOfKafkaAndAvro() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.iqmon.image..",
            "dev.iqmon.roi..",
            "dev.iqmon.segment..",
            "dev.iqmon.quality..",
            "dev.iqmon.inference..",
            "dev.iqmon.detect..",
            "dev.iqmon.alerts..",
            "dev.iqmon.trends..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "org.apache.avro..",
            "dev.iqmon.avro..",
            "dev.iqmon.stream..",
            "dev.iqmon.app..")
        .because(
            "image, ROI, segmentation, quality, inference, detection, alert and trend logic is plain Java over records, testable and reusable without a broker")
        .check(CLASSES);
  }

  @Test
  void shouldKeepWiringOutOfTheLayersBelowIt() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.iqmon.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.iqmon.app..")
        .because("app only wires the other packages together; nothing builds on it")
        .check(CLASSES);
  }

  @Test
  void shouldAnswerQueriesWithoutKafkaStreamsTypes() {
    noClasses()
        .that()
        .resideInAPackage("dev.iqmon.web..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka.streams..")
        .because(
            "the HTTP endpoints ask FeedQueries, whose errors are iqmon's own, not Kafka Streams' store exceptions")
        .check(CLASSES);
  }

  @Test
  void shouldKeepThePackagesFreeOfCycles() {
    slices()
        .matching("dev.iqmon.(*)..")
        .should()
        .beFreeOfCycles()
        .because(
            "a package that depends on one that depends back on it cannot be read, tested or moved alone")
        .check(CLASSES);
  }
}
