package dev.iqmon.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * How iqmon joins Kafka. {@code bootstrapServers} has no default: every command that talks to Kafka
 * asks for it through {@link #requiredBootstrapServers()}. {@code properties} passes any other
 * Kafka Streams or client setting through unchanged, e.g. {@code security.protocol}.
 */
public record KafkaConfig(
    String bootstrapServers,
    String applicationId,
    String processingGuarantee,
    int streamThreads,
    String stateDir,
    Map<String, String> properties) {

  public KafkaConfig {
    bootstrapServers =
        bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.trim();
    Validate.notBlank(applicationId, "kafka.application-id");
    Validate.oneOf(
        processingGuarantee, "kafka.processing-guarantee", "exactly_once_v2", "at_least_once");
    Validate.positive(streamThreads, "kafka.stream-threads");
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    if (stateDir == null || stateDir.isBlank()) {
      stateDir = Path.of(System.getProperty("java.io.tmpdir"), "iqmon-streams").toString();
    }
  }

  /** The bootstrap servers, or a {@link ConfigException} saying how to give them. */
  public String requiredBootstrapServers() {
    if (bootstrapServers == null) {
      throw new ConfigException(
          "kafka.bootstrap-servers is not set: give the Kafka cluster's address in the config file"
              + " (kafka.bootstrap-servers: HOST:PORT), with --bootstrap-servers HOST:PORT or"
              + " with --set kafka.bootstrap-servers=HOST:PORT");
    }
    return bootstrapServers;
  }
}
