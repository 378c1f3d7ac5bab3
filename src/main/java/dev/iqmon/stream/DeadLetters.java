package dev.iqmon.stream;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;

/** Builds {@link DeadLetter} records that keep the original record's bytes and position. */
public final class DeadLetters {

  private DeadLetters() {}

  public static DeadLetter of(
      SourceRecord source, FailedStage stage, String reason, Throwable cause, long failedAt) {
    return DeadLetter.newBuilder()
        .setReason(reason)
        .setStage(stage)
        .setErrorClass(cause == null ? null : cause.getClass().getName())
        .setTopic(source.topic())
        .setPartition(source.partition())
        .setOffset(source.offset())
        .setRecordTimestamp(Instant.ofEpochMilli(source.timestamp()))
        .setFailedAt(Instant.ofEpochMilli(failedAt))
        .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
        .setValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
        .build();
  }

  /**
   * Names the feed and the image of {@code letter} from the event that was read, so that a consumer
   * of the dead letters finds its feed's failures; a blank id stays unnamed.
   */
  public static DeadLetter named(DeadLetter letter, ImageEvent event) {
    letter.setFeedId(textOrNull(event.getFeedId()));
    letter.setImageId(textOrNull(event.getImageId()));
    return letter;
  }

  /**
   * The event in {@code source}, for naming its dead letter after a failure nobody expected; empty
   * when it cannot be read (then it was not read before the failure either).
   */
  public static Optional<ImageEvent> readQuietly(
      Deserializer<ImageEvent> events, SourceRecord source) {
    if (source.value() == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(events.deserialize(source.topic(), source.value()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String textOrNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
