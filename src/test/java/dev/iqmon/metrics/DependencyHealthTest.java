package dev.iqmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DependencyHealthTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicBoolean registryAnswers = new AtomicBoolean(true);

  private DependencyHealth health() {
    return new DependencyHealth(
        Map.of(
            "kafka",
            () -> {},
            "registry",
            () -> {
              if (!registryAnswers.get()) {
                throw new IOException("Connection refused");
              }
            }),
        meters);
  }

  private double gauge(String dependency) {
    return meters.get("iqmon.dependency.up").tag("dependency", dependency).gauge().value();
  }

  private double counter(String name, String dependency) {
    return meters.get(name).tag("dependency", dependency).counter().count();
  }

  @Test
  void shouldGoDownWhenAProbeFailsAndUpWhenItPassesAgain() {
    try (DependencyHealth health = health()) {
      health.probeAll();
      assertThat(health.allUp()).isTrue();

      registryAnswers.set(false);
      health.probeAll();
      health.probeAll();

      assertThat(health.allUp()).isFalse();
      assertThat(health.whyDown("registry")).hasValue("Connection refused");
      assertThat(gauge("registry")).isZero();
      assertThat(gauge("kafka")).isEqualTo(1.0);
      assertThat(counter("iqmon.dependency.down", "registry")).isEqualTo(1.0);

      registryAnswers.set(true);
      health.probeAll();
      assertThat(health.allUp()).isTrue();
      assertThat(gauge("registry")).isEqualTo(1.0);
    }
  }

  @Test
  void shouldCountEveryRetryOfAStreamThreadAndStayDownUntilAProbePasses() {
    try (DependencyHealth health = health()) {
      health.retrying("registry", "did not answer");
      health.retrying("registry", "did not answer");

      assertThat(health.allUp()).isFalse();
      assertThat(counter("iqmon.dependency.retries", "registry")).isEqualTo(2.0);
      assertThat(counter("iqmon.dependency.down", "registry")).isEqualTo(1.0);

      health.probeAll();
      assertThat(health.allUp()).isTrue();
    }
  }
}
