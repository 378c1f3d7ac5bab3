package dev.iqmon.app;

import dev.iqmon.metrics.DependencyHealth;
import dev.iqmon.stream.FeedRouting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Whether the Kafka cluster answers, for {@code /health}; on the way, the images topic's partition
 * count, for {@link FeedRouting} to check each record's partition against (a topic that grows moves
 * every key).
 */
final class KafkaProbe implements DependencyHealth.Probe {

  private final Admin admin;
  private final String imagesTopic;
  private final FeedRouting routing;
  private final Duration timeout;

  KafkaProbe(Admin admin, String imagesTopic, FeedRouting routing, Duration timeout) {
    this.admin = admin;
    this.imagesTopic = imagesTopic;
    this.routing = routing;
    this.timeout = timeout;
  }

  @Override
  public void check() throws Exception {
    admin
        .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
        .nodes()
        .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    countPartitions();
  }

  /** Tells the routing check how many partitions the images topic has; silent while it cannot. */
  void countPartitions() throws InterruptedException {
    try {
      TopicDescription topic =
          admin
              .describeTopics(
                  List.of(imagesTopic),
                  new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
              .allTopicNames()
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
              .get(imagesTopic);
      routing.partitions(topic.partitions().size());
    } catch (ExecutionException | TimeoutException e) {
      // The topic is not there yet, or the cluster stopped answering: the next probe tells.
    }
  }
}
