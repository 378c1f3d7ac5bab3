package dev.iqmon.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A broker and a schema registry for the tests of one class: {@code @RegisterExtension static final
 * EmbeddedCluster cluster = new EmbeddedCluster();} starts both before the first test and stops
 * them after the last.
 */
public final class EmbeddedCluster implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedKafka kafka;
  private EmbeddedRegistry registry;

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = EmbeddedKafka.builder().port(0).maxMessageBytes(4 << 20).start();
    registry = EmbeddedRegistry.builder().port(0).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Either may be missing when starting it failed.
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The broker, for tests that shut it down and restart it under running clients. */
  public EmbeddedKafka kafka() {
    return kafka;
  }

  public int registryPort() {
    return registry.port();
  }

  /** The registry's Confluent-compatible API. */
  public String registryUrl() {
    return registry.url();
  }
}
