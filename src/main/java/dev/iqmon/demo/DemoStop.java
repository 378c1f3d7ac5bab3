package dev.iqmon.demo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When the demo stops: after its duration, or on Ctrl-C. Ctrl-C asks the demo to stop, then holds
 * the JVM until the demo says it has closed everything; if it has not within the grace period, it
 * closes the resources handed to {@link #closeIfStuck} itself (the broker and the registry, whose
 * own shutdown hooks are off so that they do not stop under the service).
 */
public final class DemoStop {

  private static final Duration GRACE = Duration.ofSeconds(60);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<AutoCloseable> lastResort = new CopyOnWriteArrayList<>();
  private final Duration grace;

  DemoStop(Duration grace) {
    this.grace = grace;
  }

  /** A stop that Ctrl-C gives, through a shutdown hook. */
  public static DemoStop onCtrlC() {
    DemoStop stop = new DemoStop(GRACE);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::interrupt, "demo-ctrl-c"));
    return stop;
  }

  /** What Ctrl-C does: ask the demo to stop, wait for it, close what it left open. */
  void interrupt() {
    stop.countDown();
    if (!awaitQuietly(finished, grace)) {
      lastResort.forEach(DemoStop::closeQuietly);
    }
  }

  /** Hands back {@code resource}, to be closed by Ctrl-C when the demo does not finish in time. */
  public <T extends AutoCloseable> T closeIfStuck(T resource) {
    lastResort.add(resource);
    return resource;
  }

  /** Waits for Ctrl-C, or at most {@code duration} when there is one. */
  public void await(Optional<Duration> duration) throws InterruptedException {
    if (duration.isEmpty()) {
      stop.await();
    } else {
      stop.await(duration.get().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The demo has closed everything: Ctrl-C need not wait any longer. */
  public void finished() {
    finished.countDown();
  }

  private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      System.err.println("iqmon: could not close " + resource + ": " + e);
    }
  }
}
