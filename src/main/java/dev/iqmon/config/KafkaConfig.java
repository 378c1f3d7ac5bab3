package dev.iqmon.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * How iqmon joins Kafka. {@code properties} passes any other Kafka Streams or client setting
 * through unchanged, e.g. {@code security.protocol}.
 */
public record KafkaConfig(
    String bootstrapServers,
    String applicationId,
    String processingGuarantee,
    int streamThreads,
    String stateDir,
    Map<String, String> properties) {

  public KafkaConfig {
    Validate.notBlank(bootstrapServers, "kafka.bootstrap-servers");
    Validate.notBlank(applicationId, "kafka.application-id");
    Validate.oneOf(
        processingGuarantee, "kafka.processing-guarantee", "exactly_once_v2", "at_least_once");
    Validate.positive(streamThreads, "kafka.stream-threads");
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    if (stateDir == null || stateDir.isBlank()) {
      stateDir = Path.of(System.getProperty("java.io.tmpdir"), "iqmon-streams").toString();
    }
  }
}
