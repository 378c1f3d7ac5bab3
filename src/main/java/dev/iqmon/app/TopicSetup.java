package dev.iqmon.app;

import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.TopicsConfig;
import dev.iqmon.stream.StreamsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checks at start-up that the Kafka cluster answers, and creates the service's topics that are
 * missing, sized so that the largest accepted image, and a dead letter carrying it, fit.
 */
final class TopicSetup {

  /** How long start-up waits for the cluster to answer before it gives up. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  private TopicSetup() {}

  /** Admin client settings for the configured cluster. */
  static Properties admin(IqmonConfig config) {
    Properties props = new Properties();
    props.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().requiredBootstrapServers());
    config.kafka().properties().forEach(props::put);
    return props;
  }

  /**
   * Fails, naming {@code kafka.bootstrap-servers} and its value, unless the cluster answers within
   * {@code timeout}.
   */
  static void requireReachable(IqmonConfig config, Duration timeout) {
    String servers = config.kafka().requiredBootstrapServers();
    Properties props = admin(config);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(props)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .nodes()
          .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot reach Kafka at kafka.bootstrap-servers="
              + servers
              + " within "
              + timeout.toSeconds()
              + "s: "
              + cause.getMessage(),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching Kafka at " + servers, e);
    }
  }

  static void ensure(IqmonConfig config) {
    TopicsConfig topics = config.topics();
    Properties props = admin(config);
    long imageBytes = StreamsSettings.maxRecordBytes(config);
    long deadLetterBytes = StreamsSettings.maxDeadLetterBytes(config);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          topics.all().stream()
              .filter(name -> !existing.contains(name))
              .map(
                  name ->
                      new NewTopic(name, topics.partitions(), topics.replicationFactor())
                          .configs(topicConfig(topics, name, imageBytes, deadLetterBytes)))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topics: " + e.getCause().getMessage(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Every topic fits the largest image; the thumbnails topic keeps the latest per feed. */
  static Map<String, String> topicConfig(
      TopicsConfig topics, String name, long imageBytes, long deadLetterBytes) {
    long maxBytes = name.equals(topics.deadLetters()) ? deadLetterBytes : imageBytes;
    if (name.equals(topics.thumbnails())) {
      return Map.of(
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
          Long.toString(maxBytes),
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(maxBytes));
  }
}
