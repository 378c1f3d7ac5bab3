package dev.iqmon.stream;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import java.nio.ByteBuffer;
import java.time.Instant;

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
}
