package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A dead letter names the feed and the image of its event whenever the event could be read, so a
 * consumer of the dead-letter topic finds its feed's failures by {@code feedId}; the record keeps
 * the key it came with.
 */
class DeadLetterNamingTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ImageEvent good(String feed, String image) {
    return event(feed, image, T0, pngScoring(50));
  }

  private static TestRecord<String, DeadLetter> onlyLetter(TopologyHarness t) {
    TestRecord<String, DeadLetter> letter = t.deadLetters.readRecord();
    assertThat(t.deadLetters.isEmpty()).isTrue();
    assertThat(t.imageQuality.isEmpty()).isTrue();
    return letter;
  }

  @Test
  void shouldNameTheFeedAndImageOfARecordWithoutAKey() {
    try (TopologyHarness t = new TopologyHarness()) {
      t.publishRaw(null, t.encode(good("cam-1", "unkeyed")), T0);

      TestRecord<String, DeadLetter> letter = onlyLetter(t);
      assertThat(letter.value().getStage()).isEqualTo(FailedStage.VALIDATE);
      assertThat(letter.value().getFeedId()).isEqualTo("cam-1");
      assertThat(letter.value().getImageId()).isEqualTo("unkeyed");
      assertThat(letter.key()).as("the record's own key").isNull();
    }
  }

  @Test
  void shouldNameTheEventsFeedWhenTheRecordIsKeyedByAnotherFeed() {
    try (TopologyHarness t = new TopologyHarness()) {
      t.publishRaw("cam-2", t.encode(good("cam-1", "img")), T0);

      TestRecord<String, DeadLetter> letter = onlyLetter(t);
      assertThat(letter.value().getStage()).isEqualTo(FailedStage.VALIDATE);
      assertThat(letter.value().getFeedId()).isEqualTo("cam-1");
      assertThat(letter.value().getImageId()).isEqualTo("img");
      assertThat(letter.key()).isEqualTo("cam-2");
    }
  }

  @Test
  void shouldNameTheFeedAndImageOfAnEventWithBothBytesAndUri() {
    try (TopologyHarness t = new TopologyHarness()) {
      ImageEvent both = good("cam-1", "both");
      both.setUri("file:///tmp/x.png");
      t.publish(both);

      DeadLetter letter = onlyLetter(t).value();
      assertThat(letter.getReason()).contains("it has both");
      assertThat(letter.getFeedId()).isEqualTo("cam-1");
      assertThat(letter.getImageId()).isEqualTo("both");
    }
  }

  @Test
  void shouldNameTheFeedAndImageOfAnEventWithNeitherBytesNorUri() {
    try (TopologyHarness t = new TopologyHarness()) {
      ImageEvent neither = good("cam-1", "neither");
      neither.setData(null);
      t.publish(neither);

      DeadLetter letter = onlyLetter(t).value();
      assertThat(letter.getReason()).contains("it has neither");
      assertThat(letter.getFeedId()).isEqualTo("cam-1");
      assertThat(letter.getImageId()).isEqualTo("neither");
    }
  }

  @Test
  void shouldNameTheImageOfAnEventWhoseFeedIdIsBlank() {
    try (TopologyHarness t = new TopologyHarness()) {
      t.publishRaw("cam-1", t.encode(good(" ", "no-feed")), T0);

      DeadLetter letter = onlyLetter(t).value();
      assertThat(letter.getReason()).isEqualTo("feedId is blank");
      assertThat(letter.getFeedId()).isNull();
      assertThat(letter.getImageId()).isEqualTo("no-feed");
    }
  }

  @Test
  void shouldNameTheFeedOfAnEventWhoseImageIdIsBlank() {
    try (TopologyHarness t = new TopologyHarness()) {
      t.publish(good("cam-1", ""));

      DeadLetter letter = onlyLetter(t).value();
      assertThat(letter.getReason()).isEqualTo("imageId is blank");
      assertThat(letter.getFeedId()).isEqualTo("cam-1");
      assertThat(letter.getImageId()).isNull();
    }
  }

  @Test
  void shouldNameTheFeedAndImageOfAnEventWhoseUriIsNotAUri() {
    try (TopologyHarness t = new TopologyHarness()) {
      ImageEvent event = good("cam-1", "bad-uri");
      event.setData(null);
      event.setUri("::not a uri::");
      t.publish(event);

      DeadLetter letter = onlyLetter(t).value();
      assertThat(letter.getStage()).isEqualTo(FailedStage.VALIDATE);
      assertThat(letter.getReason()).startsWith("uri is not a valid URI");
      assertThat(letter.getFeedId()).isEqualTo("cam-1");
      assertThat(letter.getImageId()).isEqualTo("bad-uri");
    }
  }

  @Test
  void shouldNameTheFeedAndImageOfAnImageThatFailedInAWayNobodyExpected() {
    try (TopologyHarness t =
        new TopologyHarness("model:\n  batch-size: 1\n", modelWithNoResults())) {
      t.publish(good("cam-1", "lost"));

      DeadLetter letter = onlyLetter(t).value();
      assertThat(letter.getStage()).isEqualTo(FailedStage.INTERNAL);
      assertThat(letter.getFeedId()).isEqualTo("cam-1");
      assertThat(letter.getImageId()).isEqualTo("lost");
    }
  }

  @Test
  void shouldLeaveUnnamedWhatCouldNotBeReadAsAnEvent() {
    try (TopologyHarness t = new TopologyHarness()) {
      t.publishRaw("cam-1", new byte[] {0, 0, 0, 0, 1, 2}, T0);

      DeadLetter letter = onlyLetter(t).value();
      assertThat(letter.getStage()).isEqualTo(FailedStage.DESERIALIZE);
      assertThat(letter.getFeedId()).isNull();
      assertThat(letter.getImageId()).isNull();
    }
  }

  /** A model that answers no image: the pipeline's own check fails it as an internal error. */
  private static QualityModel modelWithNoResults() {
    return new QualityModel() {
      @Override
      public List<ImageResult> score(List<ImageJob> jobs) {
        return List.of();
      }

      @Override
      public ModelInfo info() {
        return new BrightnessModel().info();
      }
    };
  }
}
