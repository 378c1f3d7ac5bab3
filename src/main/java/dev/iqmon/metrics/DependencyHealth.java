package dev.iqmon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether what the service depends on (the Kafka cluster, the schema registry) answers: each
 * dependency's probe runs every interval on a thread of its own, and whoever sees a failure first
 * (a probe, or the stream thread that could not reach it) marks it down until the next probe
 * passes. Exported as {@code iqmon_dependency_up{dependency}} (1 or 0), {@code
 * iqmon_dependency_down_total{dependency}} (times it went down) and {@code
 * iqmon_dependency_retries_total{dependency}} (stream thread restarts while waiting for it).
 */
public final class DependencyHealth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DependencyHealth.class);

  /** Throws when the dependency does not answer; returns when it does. */
  @FunctionalInterface
  public interface Probe {
    void check() throws Exception;
  }

  private final Map<String, Probe> probes;
  private final Map<String, String> down = new ConcurrentHashMap<>();
  private final Map<String, Counter> downs = new LinkedHashMap<>();
  private final Map<String, Counter> retries = new LinkedHashMap<>();
  private final ScheduledExecutorService timer;

  /** Probes nothing until {@link #start(Duration)}. */
  public DependencyHealth(Map<String, Probe> probes, MeterRegistry meters) {
    this.probes = Map.copyOf(probes);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "iqmon-health");
              thread.setDaemon(true);
              return thread;
            });
    for (String name : this.probes.keySet()) {
      Gauge.builder("iqmon.dependency.up", down, d -> d.containsKey(name) ? 0 : 1)
          .description("1 while the dependency answers, 0 while it does not")
          .tag("dependency", name)
          .register(meters);
      downs.put(
          name,
          Counter.builder("iqmon.dependency.down")
              .description("times the dependency stopped answering")
              .tag("dependency", name)
              .register(meters));
      retries.put(
          name,
          Counter.builder("iqmon.dependency.retries")
              .description(
                  "times a stream thread stopped, waited and went back to its last commit because"
                      + " the dependency did not answer")
              .tag("dependency", name)
              .register(meters));
    }
  }

  /** Counts one wait-and-retry of a stream thread for the dependency, and marks it down. */
  public void retrying(String name, String why) {
    markDown(name, why);
    retries.get(name).increment();
  }

  /** Probes every dependency now and then every {@code interval}. */
  public DependencyHealth start(Duration interval) {
    timer.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Probes every dependency once, now, on the calling thread. */
  public void probeAll() {
    probes.forEach(
        (name, probe) -> {
          try {
            probe.check();
            if (down.remove(name) != null) {
              LOG.info("{} answers again", name);
            }
          } catch (Exception e) {
            markDown(name, e.getMessage() == null ? e.toString() : e.getMessage());
          }
        });
  }

  /** Marks the dependency down, with why, until a probe passes. */
  public void markDown(String name, String why) {
    if (!probes.containsKey(name)) {
      throw new IllegalArgumentException("unknown dependency " + name);
    }
    if (down.put(name, why == null ? "no answer" : why) == null) {
      downs.get(name).increment();
      LOG.warn("{} does not answer: {}", name, why);
    }
  }

  public boolean allUp() {
    return down.isEmpty();
  }

  /** Why the dependency is down, or empty while it answers. */
  public Optional<String> whyDown(String name) {
    return Optional.ofNullable(down.get(name));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
