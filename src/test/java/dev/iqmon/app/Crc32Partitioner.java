package dev.iqmon.app;

import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * Partitions keyed records as librdkafka does by default ({@code consistent_random}): the CRC32 of
 * the key, unsigned, modulo the partition count. What the Python, Go, .NET and C clients built on
 * librdkafka do unless told {@code partitioner=murmur2_random}.
 */
public final class Crc32Partitioner implements Partitioner {

  /** The partition librdkafka gives {@code key}. */
  static int partition(byte[] key, int partitions) {
    CRC32 crc = new CRC32();
    crc.update(key);
    return (int) (crc.getValue() % partitions);
  }

  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    return partition(keyBytes, cluster.partitionCountForTopic(topic));
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}
