package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageQuality;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Images scored in batches across records, on the real topology. */
class ImageBatchingTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String BATCH_OF_3 =
      """
      model:
        kind: learned
        batch-size: 3

        batch-wait: 10s
      """;

  private static byte[] corrupt() {
    byte[] png = pngScoring(50);
    return java.util.Arrays.copyOf(png, png.length / 2);
  }

  @Test
  void shouldScoreImagesTogetherOnceTheBatchIsFull() {
    CountingModel model = new CountingModel();
    try (TopologyHarness t = new TopologyHarness(BATCH_OF_3, model)) {
      t.publish(event("cam-1", "a", T0, pngScoring(20)));
      t.publish(event("cam-2", "b", T0, pngScoring(40)));
      assertThat(t.imageQuality.isEmpty()).as("waiting for the batch to fill").isTrue();

      t.publish(event("cam-1", "c", T0.plusSeconds(1), pngScoring(60)));

      assertThat(t.imageQuality.readValuesToList())
          .extracting(ImageQuality::getImageId)
          .containsExactly("a", "b", "c");
      assertThat(model.calls).containsExactly(3);
      var sizes = t.metrics.registry().get("iqmon.batch.size").tag("batcher", "records").summary();
      assertThat(sizes.count()).isEqualTo(1);
      assertThat(sizes.totalAmount()).isEqualTo(3);
    }
  }

  @Test
  void shouldScoreAPartialBatchOnceTheWaitIsOver() {
    CountingModel model = new CountingModel();
    try (TopologyHarness t = new TopologyHarness(BATCH_OF_3, model)) {
      t.publish(event("cam-1", "a", T0, pngScoring(20)));
      t.publish(event("cam-1", "b", T0, pngScoring(40)));

      t.driver.advanceWallClockTime(Duration.ofSeconds(10));

      assertThat(t.imageQuality.readValuesToList())
          .extracting(ImageQuality::getImageId)
          .containsExactly("a", "b");
      assertThat(model.calls).containsExactly(2);
    }
  }

  @Test
  void shouldWaitForTheOldestImageNotForTheClock() {
    CountingModel model = new CountingModel();
    try (TopologyHarness t = new TopologyHarness(BATCH_OF_3, model)) {
      t.driver.advanceWallClockTime(Duration.ofSeconds(6));
      t.publish(event("cam-1", "a", T0, pngScoring(20)));

      t.driver.advanceWallClockTime(Duration.ofSeconds(6));
      assertThat(t.imageQuality.isEmpty()).as("a has waited 6 of its 10 s").isTrue();
      t.driver.advanceWallClockTime(Duration.ofSeconds(4));

      assertThat(t.imageQuality.readValuesToList())
          .extracting(ImageQuality::getImageId)
          .containsExactly("a");
    }
  }

  @Test
  void shouldHoldADeadLetterBehindTheImagesBeforeIt() {
    try (TopologyHarness t = new TopologyHarness(BATCH_OF_3, new CountingModel())) {
      t.publish(event("cam-1", "a", T0, pngScoring(20)));
      t.publish(event("cam-1", "broken", T0, corrupt()));
      assertThat(t.deadLetters.isEmpty()).as("the dead letter waits for image a").isTrue();

      t.publish(event("cam-1", "c", T0, pngScoring(60)));
      t.publish(event("cam-1", "d", T0, pngScoring(80)));

      assertThat(t.imageQuality.readValuesToList())
          .extracting(ImageQuality::getImageId)
          .containsExactly("a", "c", "d");
      assertThat(t.deadLetters.readValuesToList())
          .extracting(DeadLetter::getImageId)
          .containsExactly("broken");
    }
  }

  @Test
  void shouldDeadLetterAtOnceWhenNothingWaitsBeforeIt() {
    try (TopologyHarness t = new TopologyHarness(BATCH_OF_3, new CountingModel())) {
      t.publish(event("cam-1", "broken", T0, corrupt()));

      assertThat(t.deadLetters.readValuesToList()).hasSize(1);
    }
  }

  @Test
  void shouldLogWaitingRecordsUntilTheirBatchIsScored() {
    try (TopologyHarness t = new TopologyHarness(BATCH_OF_3, new CountingModel())) {
      TestOutputTopic<Long, byte[]> changelog =
          t.driver.createOutputTopic(
              t.config.kafka().applicationId() + "-" + ImageProcessor.BUFFER_STORE + "-changelog",
              new LongDeserializer(),
              new ByteArrayDeserializer());

      t.publish(event("cam-1", "a", T0, pngScoring(20)));
      t.publish(event("cam-1", "b", T0, pngScoring(40)));
      List<TestRecord<Long, byte[]>> logged = changelog.readRecordsToList();
      assertThat(logged).extracting(TestRecord::key).containsExactly(0L, 1L);
      assertThat(logged).allMatch(r -> r.value() != null && r.value().length > 0);

      t.driver.advanceWallClockTime(Duration.ofSeconds(10));

      List<TestRecord<Long, byte[]>> deleted = changelog.readRecordsToList();
      assertThat(deleted).extracting(TestRecord::key).containsExactly(0L, 1L);
      assertThat(deleted).allMatch(r -> r.value() == null);
    }
  }
}
