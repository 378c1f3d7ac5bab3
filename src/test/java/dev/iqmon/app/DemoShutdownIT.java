package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo as a user runs it, in a process of its own, ended the ways a user ends it: SIGTERM (what
 * a service manager, {@code kill} or a closing terminal sends; Ctrl-C runs the same shutdown) and
 * SIGKILL. Nothing it started may outlive it: the schema registry runs as a child process.
 */
class DemoShutdownIT {

  private static final Duration STARTED = Duration.ofSeconds(150);
  private final List<String> output = new CopyOnWriteArrayList<>();
  private Process demo;
  private Thread reader;
  private ProcessHandle registry;

  @AfterEach
  void killWhatIsLeft() {
    if (demo != null) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
    if (registry != null) {
      registry.destroyForcibly();
    }
  }

  @Test
  @Timeout(240)
  void shouldLeaveNoRegistryProcessOrPortWhenTheDemoIsKilled() throws Exception {
    int registryPort = startDemo(1);

    demo.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(demo.waitFor(5, TimeUnit.SECONDS)).isTrue();

    awaitGone(registryPort, Duration.ofSeconds(5));
  }

  @Test
  @Timeout(240)
  void shouldEndWithin10SecondsOfSigtermWhileImagesFlow() throws Exception {
    // 80 images/s: the signal comes while images are in flight.
    int registryPort = startDemo(20);
    awaitLine("first result", STARTED);
    Thread.sleep(5_000);

    long signalled = System.nanoTime();
    // Not Process.destroy(), which also closes the pipe that the demo's last words come through.
    assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(demo.pid())).start().waitFor())
        .isZero();
    boolean ended = demo.waitFor(10, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - signalled);

    assertThat(ended).as("ended within 10 s of SIGTERM; output:%n%s", tail()).isTrue();
    System.out.printf("The demo ended %d ms after SIGTERM%n", took.toMillis());
    reader.join(5_000);
    assertThat(output).anyMatch(line -> line.startsWith("Demo done:"));
    awaitGone(registryPort, Duration.ofSeconds(5));
  }

  /** Starts the demo and waits until the service runs; returns the registry's port. */
  private int startDemo(double rate) throws Exception {
    int registryPort = freePort();
    demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Diqmon.apicurio.home=" + System.getProperty("iqmon.apicurio.home"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "demo",
                "--duration=10m",
                "--rate=" + rate,
                "--kafka-port=" + freePort(),
                "--registry-port=" + registryPort,
                "--metrics-port=" + freePort())
            .redirectErrorStream(true)
            .start();
    reader = new Thread(this::readOutput, "demo-output");
    reader.setDaemon(true);
    reader.start();
    awaitLine("iqmon started", STARTED);
    registry = registryProcess().orElseThrow();
    assertThat(listening(registryPort)).as("the registry listens").isTrue();
    return registryPort;
  }

  private Optional<ProcessHandle> registryProcess() {
    return demo.children()
        .filter(p -> p.info().commandLine().orElse("").contains("apicurio-registry"))
        .findFirst();
  }

  private void awaitGone(int registryPort, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while ((registry.isAlive() || listening(registryPort)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(registry.isAlive()).as("registry process %d alive", registry.pid()).isFalse();
    assertThat(listening(registryPort)).as("port %d still listening", registryPort).isFalse();
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        output.add(line);
      }
    } catch (IOException e) {
      // The demo is gone.
    }
  }

  private void awaitLine(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (output.stream().noneMatch(line -> line.contains(text))) {
      assertThat(demo.isAlive()).as("the demo exited early:%n%s", tail()).isTrue();
      assertThat(System.nanoTime()).as("waiting for '%s':%n%s", text, tail()).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private String tail() {
    List<String> lines = List.copyOf(output);
    String text = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    Path log = Path.of("target", "demo-shutdown.log");
    try {
      Files.write(log, lines);
    } catch (IOException e) {
      // Only for a look afterwards.
    }
    return text;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
