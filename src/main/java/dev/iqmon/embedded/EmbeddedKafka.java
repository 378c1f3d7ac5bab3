package dev.iqmon.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in this JVM: one KRaft process that is both broker and controller,
 * listening on 127.0.0.1, with its data in a temporary directory that {@link #close()} deletes.
 * Internal topics have one replica, so transactions and exactly-once processing work on it. {@link
 * #shutDown()} and {@link #restart()} stop it and start it again on the same log directory and
 * ports, as a broker restart does under running clients.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().maxMessageBytes(8 << 20).start()) {
 *   kafka.createTopics(3, "images", "region-scores");
 *   ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConfig config;
  private final Path dataDir;
  private final int port;
  private final Thread shutdownHook;
  private KafkaRaftServer server;
  private Admin admin;
  private boolean closed;

  private EmbeddedKafka(KafkaConfig config, Path dataDir, int port) {
    this.config = config;
    this.server = new KafkaRaftServer(config, Time.SYSTEM);
    this.dataDir = dataDir;
    this.port = port;
    this.shutdownHook = new Thread(this::stop, "embedded-kafka-shutdown");
  }

  /** A broker with default settings on a free port. */
  public static EmbeddedKafka start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The broker's log directory (deleted on close). */
  public Path dataDir() {
    return dataDir;
  }

  /** Creates topics with {@code partitions} partitions and one replica each. */
  public void createTopics(int partitions, String... topics) {
    createTopics(
        Arrays.stream(topics).map(name -> new NewTopic(name, partitions, (short) 1)).toList());
  }

  /** Creates the topics and waits until the broker has them. */
  public synchronized void createTopics(Collection<NewTopic> topics) {
    if (closed) {
      throw new IllegalStateException("The embedded broker is closed");
    }
    if (admin == null) {
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
    await(admin.createTopics(topics).all(), "create topics " + topics);
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {

      // The JVM is already shutting down and runs the hook itself.
    }
  }

  /**
   * Stops the broker as a clean shutdown does, keeping its log directory and ports for {@link
   * #restart()}. Does nothing while it is stopped.
   */
  public synchronized void shutDown() {
    if (closed || server == null) {
      return;
    }
    long started = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    server = null;
    log.info(
        "Kafka broker at {} shut down in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /**
   * Starts a broker that {@link #shutDown()} stopped, on the same log directory and ports, and
   * waits until it serves requests. Does nothing while it runs.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("The embedded broker is closed");
    }
    if (server != null) {
      return;
    }
    long started = System.nanoTime();
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    awaitReady();
    log.info(
        "Kafka broker up again at {} in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
    } finally {
      TempDirs.deleteRecursively(dataDir);
    }
  }

  private static void format(Path logDir, String clusterId) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(BrokerProperties.NODE_ID)
        .setClusterId(clusterId)
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
        .run();
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while trying to " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Cannot " + what + ": " + cause, cause);
    }
  }

  /** Settings of an {@link EmbeddedKafka}. */
  public static final class Builder {
    private int port;
    private int maxMessageBytes = 1024 * 1024 + 12;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private boolean closeOnExit = true;

    private Builder() {}

    /**
     * Whether a JVM shutdown hook closes the broker (the default). Turn it off when the caller
     * closes it in order itself on exit, so the hook does not stop the broker under its clients.
     */
    public Builder closeOnExit(boolean closeOnExit) {
      this.closeOnExit = closeOnExit;
      return this;
    }

    /** The client port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The largest record batch the broker accepts ({@code message.max.bytes}), default 1 MiB. */
    public Builder maxMessageBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /** Any other broker setting; it wins over the defaults. */
    public Builder property(String key, String value) {
      overrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /** Formats a fresh log directory, starts the broker and waits until it serves requests. */
    public EmbeddedKafka start() {
      long started = System.nanoTime();
      Path dataDir = TempDirs.create("iqmon-kafka-");
      int brokerPort = FreePort.orPick(port);
      int controllerPort = FreePort.pick();
      Map<String, String> props =
          BrokerProperties.singleNode(brokerPort, controllerPort, dataDir, maxMessageBytes);
      props.putAll(overrides);
      EmbeddedKafka kafka = null;
      try {
        KafkaConfig config = new KafkaConfig(props, false);
        format(dataDir, Uuid.randomUuid().toString());
        kafka = new EmbeddedKafka(config, dataDir, brokerPort);
        if (closeOnExit) {
          Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
        }
        kafka.server.startup();
        kafka.awaitReady();
        log.info(
            "Kafka broker up at {} in {} ms (data in {})",
            kafka.bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            dataDir);
        return kafka;
      } catch (Exception e) {
        IllegalStateException failure =
            new IllegalStateException(
                "Cannot start the embedded Kafka broker on 127.0.0.1:" + brokerPort + ": " + e, e);
        try {
          if (kafka != null) {
            kafka.close();
          }
        } catch (RuntimeException cleanup) {
          failure.addSuppressed(cleanup);
        } finally {
          TempDirs.deleteRecursively(dataDir);
        }
        throw failure;
      }
    }
  }

  private void awaitReady() {
    try (Admin probe =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      await(probe.describeCluster().nodes(), "reach the broker at " + bootstrapServers());
    }
  }
}
