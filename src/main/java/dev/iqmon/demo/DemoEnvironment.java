package dev.iqmon.demo;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedKafka;
import dev.iqmon.embedded.EmbeddedRegistry;
import dev.iqmon.embedded.FreePort;
import dev.iqmon.embedded.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the demo runs iqmon on: a Kafka broker and a schema registry, started side by side, and a
 * work folder for the state and the spool of images sent by reference. They close in order when the
 * demo ends, not by their own shutdown hooks, which would stop them under the service on Ctrl-C.
 */
public final class DemoEnvironment implements AutoCloseable {

  private final Path work;
  private final EmbeddedKafka kafka;
  private final EmbeddedRegistry registry;
  private final PeakMemory.Watch registryMemory;

  private DemoEnvironment(Path work, EmbeddedKafka kafka, EmbeddedRegistry registry) {
    this.work = work;
    this.kafka = kafka;
    this.registry = registry;
    this.registryMemory = new PeakMemory.Watch(registry.process().pid(), Duration.ofSeconds(2));
  }

  /**
   * The broker and the registry on the preferred ports, or free ones where those are taken. {@code
   * stop} closes them if the run gets stuck; their own shutdown hooks are off.
   */
  public static DemoEnvironment start(int kafkaPort, int registryPort, DemoStop stop) {
    return start(kafkaPort, registryPort, Optional.of(stop));
  }

  /**
   * The broker and the registry on the preferred ports, or free ones where those are taken, closed
   * by their own shutdown hooks when the process ends before {@link #close}.
   */
  public static DemoEnvironment start(int kafkaPort, int registryPort) {
    return start(kafkaPort, registryPort, Optional.empty());
  }

  private static DemoEnvironment start(int kafkaPort, int registryPort, Optional<DemoStop> stop) {
    Path work = TempDirs.create("iqmon-demo-");
    CompletableFuture<EmbeddedRegistry> registryStart =
        CompletableFuture.supplyAsync(
            () ->
                held(
                    stop,
                    EmbeddedRegistry.builder()
                        .port(FreePort.preferred(registryPort))
                        .closeOnExit(stop.isEmpty())
                        .start()));
    EmbeddedKafka kafka;
    try {
      kafka =
          held(
              stop,
              EmbeddedKafka.builder()
                  .port(FreePort.preferred(kafkaPort))
                  .closeOnExit(stop.isEmpty())
                  .start());
    } catch (RuntimeException e) {
      registryStart.thenAccept(EmbeddedRegistry::close);
      TempDirs.deleteRecursively(work);
      throw e;
    }
    try {
      return new DemoEnvironment(work, kafka, registryStart.join());
    } catch (RuntimeException e) {
      kafka.close();
      TempDirs.deleteRecursively(work);
      throw e;
    }
  }

  private static <T extends AutoCloseable> T held(Optional<DemoStop> stop, T resource) {
    return stop.map(s -> s.closeIfStuck(resource)).orElse(resource);
  }

  /** The demo's config ({@code demo.yaml}) on this broker and registry. */
  public IqmonConfig config(int metricsPort, String modelKind) {
    try (InputStream in = DemoEnvironment.class.getResourceAsStream("/demo.yaml")) {
      ConfigLoader loader =
          on(
              new ConfigLoader()
                  .text(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml"),
              metricsPort);
      if (modelKind != null) {
        loader.set("model.kind=" + modelKind);
      }
      return loader.load();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built-in defaults on this broker and registry. */
  public IqmonConfig defaultConfig(int metricsPort) {
    return on(new ConfigLoader(), metricsPort).load();
  }

  /** The registry's process, to watch its memory. */
  public long registryPid() {
    return registry.process().pid();
  }

  /**
   * Points {@code loader} at this broker and registry, keeps the state in the work folder and lets
   * images by reference come only from the spool; the HTTP endpoint on loopback, on {@code
   * metricsPort} or a free one where it is taken (0: off).
   */
  private ConfigLoader on(ConfigLoader loader, int metricsPort) {
    return loader
        .set("kafka.bootstrap-servers=" + kafka.bootstrapServers())
        .set("kafka.state-dir=" + work.resolve("state"))
        .set("registry.url=" + registry.url())
        .set("images.fetch.file-roots=[\"" + spoolPath() + "\"]")
        .set("metrics.bind-address=127.0.0.1")
        .set("metrics.port=" + FreePort.preferred(metricsPort));
  }

  /** The folder the garden feed's images go through by reference, created on first use. */
  public Path spool() throws IOException {
    return Files.createDirectories(spoolPath());
  }

  private Path spoolPath() {
    return work.resolve("spool");
  }

  /** The peak memory of this process (iqmon with the broker) and of the registry. */
  public void printPeakMemory(PrintStream out) {
    out.printf(
        "Peak memory: iqmon with the broker %s, schema registry %s%n",
        PeakMemory.describe(PeakMemory.mebibytes(ProcessHandle.current().pid())),
        PeakMemory.describe(registryMemory.mebibytes()));
  }

  @Override
  public void close() {
    try {
      registryMemory.close();
      registry.close();
    } finally {
      try {
        kafka.close();
      } finally {
        TempDirs.deleteRecursively(work);
      }
    }
  }
}
