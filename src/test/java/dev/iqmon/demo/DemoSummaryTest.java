package dev.iqmon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.TopicsConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

  private final TopicsConfig topics = new ConfigLoader().load().topics();
  private final TopicPartition letters = new TopicPartition(topics.deadLetters(), 0);
  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private DemoSummary summary() {
    Deserializer<DeadLetter> deadLetters = (topic, bytes) -> letter(new String(bytes));
    return new DemoSummary(
        consumer,
        topics,
        new DemoSummary.Readers(null, null, null, deadLetters),
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        System.nanoTime());
  }

  private static DeadLetter letter(String imageId) {
    return DeadLetter.newBuilder()
        .setReason("JPEG data is damaged")
        .setStage(FailedStage.DECODE)
        .setFeedId("lobby")
        .setImageId(imageId)
        .setTopic("images")
        .setPartition(0)
        .setOffset(0)
        .setRecordTimestamp(Instant.EPOCH)
        .setFailedAt(Instant.EPOCH)
        .build();
  }

  private void arrive(String... imageIds) {
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(letters));
          consumer.updateBeginningOffsets(Map.of(letters, 0L));
          for (int i = 0; i < imageIds.length; i++) {
            consumer.addRecord(
                new ConsumerRecord<>(
                    letters.topic(), 0, i, "lobby", imageIds[i].getBytes(StandardCharsets.UTF_8)));
          }
        });
  }

  @Test
  void shouldWaitUntilEveryImagePublishedHasComeOut() throws Exception {
    DemoSummary summary = summary();
    Thread following = new Thread(summary);
    following.start();
    try {
      arrive("lobby-1", "lobby-2");

      assertThat(summary.awaitOutcomes(2, Duration.ofSeconds(30))).isTrue();
      assertThat(summary.deadLetters()).isEqualTo(2);
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("DEAD LETTER lobby/lobby-2 at DECODE");
    } finally {
      summary.stop();
      following.join();
    }
  }

  @Test
  void shouldSayWhenImagesHaveNotComeOutInTime() throws Exception {
    DemoSummary summary = summary();
    Thread following = new Thread(summary);
    following.start();
    try {
      arrive("lobby-1");
      long start = System.nanoTime();

      boolean all = summary.awaitOutcomes(2, Duration.ofMillis(300));

      assertThat(all).isFalse();
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(295);
      assertThat(summary.deadLetters()).isEqualTo(1);
    } finally {
      summary.stop();
      following.join();
    }
  }
}
