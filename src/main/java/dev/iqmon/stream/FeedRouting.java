package dev.iqmon.stream;

import dev.iqmon.metrics.IqmonMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices image records that sit on another partition than Kafka's Java client would give their key
 * (murmur2 of the key, modulo the partitions of the images topic): their producer partitions by
 * another hash, as librdkafka and the clients built on it do by default (CRC32). iqmon keeps a
 * feed's state wherever its records land and finds it there, so nothing breaks; but producers of
 * one feed that disagree split its state over two partitions. Each such record is counted ({@code
 * iqmon_misrouted_records_total}), and each feed is logged once, with the fix.
 */
public final class FeedRouting {

  /** Feeds logged by name at most; past that, the meter still counts their records. */
  static final int MAX_NAMED_FEEDS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(FeedRouting.class);

  private final IqmonMetrics metrics;
  private final Set<String> named = ConcurrentHashMap.newKeySet();
  private volatile int partitions;

  /** Checks nothing until it is told how many partitions the images topic has. */
  public FeedRouting(IqmonMetrics metrics) {
    this.metrics = metrics;
  }

  /** The images topic's partition count, as last seen; 0 while unknown. */
  public void partitions(int count) {
    partitions = Math.max(0, count);
  }

  /** The partition Kafka's Java client gives {@code key} among {@code partitions}. */
  public static int javaPartition(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }

  /** Counts, and names once per feed, a keyed record read from another partition. */
  void check(byte[] key, int partition) {
    int count = partitions;
    if (key == null || count == 0 || partition >= count) {
      return;
    }
    int expected = javaPartition(key, count);
    if (expected == partition) {
      return;
    }
    metrics.misroutedRecord();
    String feed = new String(key, StandardCharsets.UTF_8);
    if (named.size() < MAX_NAMED_FEEDS && named.add(feed)) {
      LOG.warn(
          "Feed '{}' is published to partition {} of {}, where Kafka's Java client would put its"
              + " key on partition {}: its producer hashes keys another way (librdkafka and the"
              + " clients built on it, in Python, Go, .NET and C, use CRC32 by default). iqmon"
              + " keeps and finds the feed's state where its records land, but producers of one"
              + " feed that hash differently split its state over two partitions. Set"
              + " partitioner=murmur2_random in librdkafka clients. Logged once per feed;"
              + " iqmon_misrouted_records_total counts every such record.",
          feed,
          partition,
          count,
          expected);
    }
  }
}
