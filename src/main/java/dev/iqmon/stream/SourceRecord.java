package dev.iqmon.stream;

/**
 * An input record as it came off the topic, kept so a failure can be dead-lettered byte for byte.
 */
public record SourceRecord(
    String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
