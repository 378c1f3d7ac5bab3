package dev.iqmon.embedded;

import dev.iqmon.schema.Compatibility;
import dev.iqmon.schema.RetryPolicy;
import dev.iqmon.schema.SchemaRegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry run as a child process on 127.0.0.1, in-memory storage, answering the Confluent
 * REST API at {@link #url()}. Global compatibility is set to {@code BACKWARD} (Apicurio's own
 * default is {@code NONE}), as on a Confluent registry. The child's output goes to {@link
 * #logFile()}; the child and its descendants are killed on {@link #close()} and, failing that, when
 * this JVM shuts down. Should this JVM die without shutting down (SIGKILL, a crash), the child
 * halts by itself: it runs {@link ParentWatch}, which ends it when its input pipe from this JVM
 * closes.
 *
 * <p>One difference from Confluent's registry, seen with Apicurio 3.0.9: a subject set to {@code
 * NONE} still obeys the global level (Apicurio drops the subject's rule instead), while other
 * subject levels do override it.
 *
 * <p>Needs the distribution that {@code mvn package} unpacks into {@code target/apicurio} (see
 * {@link ApicurioHome} for where it is looked for).
 */
public final class EmbeddedRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistry.class);
  private static final String API_PATH = "/apis/ccompat/v7";
  private static final int LOG_TAIL_LINES = 40;

  private final Process process;
  private final int port;
  private final Path workDir;
  private final Path logFile;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedRegistry(Process process, int port, Path workDir, Path logFile) {
    this.process = process;
    this.port = port;
    this.workDir = workDir;
    this.logFile = logFile;
    this.shutdownHook = new Thread(() -> stop(Duration.ofSeconds(2)), "embedded-registry-kill");
  }

  /** A registry with default settings on a free port. */
  public static EmbeddedRegistry start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Confluent-compatible API: {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
  public String url() {
    return "http://127.0.0.1:" + port + API_PATH;
  }

  public int port() {
    return port;
  }

  /** Where the registry's stdout and stderr go. */
  public Path logFile() {
    return logFile;
  }

  /** The child process, for its pid and liveness. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Stops the registry (its whole process tree) and deletes its working directory. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself.
    }
  }

  private synchronized void stop(Duration grace) {
    if (closed) {
      return;
    }
    closed = true;
    ProcessTree.kill(process.toHandle(), grace);
    TempDirs.deleteRecursively(workDir);
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url() + "/subjects"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw failure("exited with status " + process.exitValue() + " while starting");
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("start was interrupted");
      }
      sleep(Duration.ofMillis(100));
    }
    throw failure("did not answer " + url() + "/subjects within " + timeout.toSeconds() + " s");
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(
        "Apicurio Registry (pid "
            + process.pid()
            + ") "
            + what
            + ". Log: "
            + logFile
            + "\n--- last lines ---\n"
            + String.join("\n", tail(logFile, LOG_TAIL_LINES)));
  }

  static List<String> tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e + ")");
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Settings of an {@link EmbeddedRegistry}. */
  public static final class Builder {
    private int port;
    private String maxHeap = "512m";
    private Duration startTimeout = Duration.ofSeconds(90);
    private Optional<Path> runnerJar = Optional.empty();
    private Optional<Path> logFile = Optional.empty();
    private Compatibility compatibility = Compatibility.BACKWARD;
    private boolean closeOnExit = true;

    private Builder() {}

    /**
     * Whether a JVM shutdown hook kills the registry (the default). Turn it off when the caller
     * closes it in order itself on exit, so the hook does not stop it under its clients.
     */
    public Builder closeOnExit(boolean closeOnExit) {
      this.closeOnExit = closeOnExit;
      return this;
    }

    /** The HTTP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The child's {@code -Xmx}, e.g. {@code "512m"} (the default). */
    public Builder maxHeap(String maxHeap) {
      if (!maxHeap.matches("\\d+[kKmMgG]?")) {
        throw new IllegalArgumentException("Not a heap size like 512m: " + maxHeap);
      }
      this.maxHeap = maxHeap;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** The Apicurio distribution directory, instead of looking for one. */
    public Builder home(Path home) {
      this.runnerJar =
          Optional.of(ApicurioHome.locateRunnerJar(Optional.of(home), Optional.empty(), home));
      return this;
    }

    /** Where the child's output goes; by default a file in its working directory. */
    public Builder logFile(Path logFile) {
      this.logFile = Optional.of(logFile);
      return this;
    }

    /** The global compatibility level to set once it is up (default {@code BACKWARD}). */
    public Builder compatibility(Compatibility level) {
      this.compatibility = Objects.requireNonNull(level);
      return this;
    }

    /** Starts the registry and waits until its Confluent-compatible API answers. */
    public EmbeddedRegistry start() {
      Path jar = runnerJar.orElseGet(ApicurioHome::locateRunnerJar);
      int httpPort = FreePort.orPick(port);
      Path workDir = TempDirs.create("iqmon-registry-");
      Path logPath = logFile.orElse(workDir.resolve("apicurio-registry.log"));
      long started = System.nanoTime();
      Process process = launch(jar, httpPort, workDir, logPath);
      EmbeddedRegistry registry = new EmbeddedRegistry(process, httpPort, workDir, logPath);
      if (closeOnExit) {
        Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
      }
      try {

        registry.awaitReady(startTimeout);
        SchemaRegistryClient.builder(registry.url())
            .retry(RetryPolicy.NONE)
            .build()
            .setGlobalCompatibility(compatibility);
      } catch (RuntimeException e) {
        ProcessTree.kill(process.toHandle(), Duration.ZERO);
        if (!logPath.startsWith(workDir)) {
          TempDirs.deleteRecursively(workDir);
        } // else it stays: the error names the log file in it.
        registry.closed = true;
        Runtime.getRuntime().removeShutdownHook(registry.shutdownHook);
        throw e;
      }
      log.info(
          "Apicurio Registry up at {} in {} ms (pid {}, log {})",
          registry.url(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          process.pid(),
          logPath);
      return registry;
    }

    private Process launch(Path jar, int httpPort, Path workDir, Path log) {
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx" + maxHeap,
              // Serial GC and the C1 compiler alone halve the start on two cores.
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-javaagent:" + ParentWatch.agentJar(workDir),
              "-Dquarkus.http.host=127.0.0.1",
              "-Dquarkus.http.port=" + httpPort,
              "-jar",
              jar.toString());
      try {
        return new ProcessBuilder(command)
            .directory(workDir.toFile())
            // Held open by this JVM and read by the child's ParentWatch until it closes.
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
      } catch (IOException e) {
        TempDirs.deleteRecursively(workDir);
        throw new IllegalStateException("Cannot launch " + String.join(" ", command), e);
      }
    }
  }
}
