package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.metrics.IqmonMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeedRoutingTest {

  private static final int PARTITIONS = 4;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final FeedRouting routing = new FeedRouting(IqmonMetrics.boundTo(meters));

  private static byte[] key(String feed) {
    return feed.getBytes(StandardCharsets.UTF_8);
  }

  /** The first feed {@code cam-N} that Kafka's Java client puts on a partition other than 0. */
  private static String feedOffPartitionZero() {
    return IntStream.range(0, 100)
        .mapToObj(i -> "cam-" + i)
        .filter(feed -> FeedRouting.javaPartition(key(feed), PARTITIONS) != 0)
        .findFirst()
        .orElseThrow();
  }

  private static String feedOnPartitionZero() {
    return IntStream.range(0, 100)
        .mapToObj(i -> "cam-" + i)
        .filter(feed -> FeedRouting.javaPartition(key(feed), PARTITIONS) == 0)
        .findFirst()
        .orElseThrow();
  }

  private double misrouted() {
    return meters.get("iqmon.misrouted.records").counter().count();
  }

  @Test
  void shouldGiveAKeyThePartitionKafkasJavaClientGivesIt() {
    // Kafka's own murmur2 of "cam-1", as its DefaultPartitioner and Streams compute it.
    assertThat(FeedRouting.javaPartition(key("cam-1"), 12))
        .isEqualTo(
            org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(key("cam-1")))
                % 12);
  }

  @Test
  void shouldCountEveryRecordOffItsKeysPartitionAndNameTheFeedOnce() {
    routing.partitions(PARTITIONS);
    String feed = feedOffPartitionZero();
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      routing.check(key(feed), 0);
      routing.check(key(feed), 0);
      routing.check(key(feed), 0);
    } finally {
      System.setErr(err);
    }

    assertThat(misrouted()).isEqualTo(3);
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged.split("Feed '" + feed + "' is published to partition 0", -1)).hasSize(2);
    assertThat(logged).contains("partitioner=murmur2_random");
  }

  @Test
  void shouldCountNothingForRecordsWhereTheJavaClientPutsThem() {
    routing.partitions(PARTITIONS);
    String feed = feedOffPartitionZero();

    routing.check(key(feed), FeedRouting.javaPartition(key(feed), PARTITIONS));
    routing.check(null, 1);

    assertThat(misrouted()).isZero();
  }

  @Test
  void shouldCheckNothingUntilThePartitionCountIsKnown() {
    routing.check(key(feedOffPartitionZero()), 0);

    assertThat(misrouted()).isZero();
  }

  @Test
  void shouldCountTheRecordsOfAFeedPublishedOffItsPartitionAndScoreThemAsUsual() {
    try (TopologyHarness t = new TopologyHarness()) {
      t.routing.partitions(PARTITIONS);
      String elsewhere = feedOffPartitionZero();
      String here = feedOnPartitionZero();

      // The driver reads every record from partition 0 of the images topic.
      t.publish(event(elsewhere, "a-1", T0, pngScoring(60)));
      t.publish(event(elsewhere, "a-2", T0.plusSeconds(1), pngScoring(60)));
      t.publish(event(here, "b-1", T0, pngScoring(60)));

      assertThat(t.count("iqmon.misrouted.records")).isEqualTo(2);
      assertThat(t.imageQuality.readValuesToList()).hasSize(3);
    }
  }
}
