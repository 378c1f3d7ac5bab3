package dev.iqmon.demo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When the demo stops: after its duration, or on Ctrl-C (or SIGTERM, or a closed terminal). Ctrl-C
 * asks the demo to stop, then holds the JVM until the demo says it has closed everything; if it has
 * not within the grace period, it closes the resources handed to {@link #closeIfStuck} itself (the
 * broker and the registry, whose own shutdown hooks are off so that they do not stop under the
 * service), giving them {@link #LAST_RESORT} at most, so that the process ends within 10 s of the
 * signal whatever hangs.
 */
public final class DemoStop {

  private static final Duration GRACE = Duration.ofSeconds(7);

  /** How long Ctrl-C waits for the resources it closes itself before it lets the JVM end. */
  static final Duration LAST_RESORT = Duration.ofMillis(1500);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<AutoCloseable> lastResort = new CopyOnWriteArrayList<>();
  private final Duration grace;
  private volatile boolean interrupted;

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
    interrupted = true;
    stop.countDown();
    if (!awaitQuietly(finished, grace)) {
      closeWithin(lastResort, LAST_RESORT);
    }
  }

  /** Whether Ctrl-C stopped the demo: then it has only the grace period to finish. */
  public boolean interrupted() {
    return interrupted;
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

  /** Closes the resources side by side, waiting for them until {@code limit} has passed. */
  private static void closeWithin(List<AutoCloseable> resources, Duration limit) {
    List<Thread> closing =
        resources.stream()
            .map(resource -> new Thread(() -> closeQuietly(resource), "demo-last-resort"))
            .toList();
    for (Thread thread : closing) {
      thread.setDaemon(true);
      thread.start();
    }
    long deadline = System.nanoTime() + limit.toNanos();
    for (Thread thread : closing) {
      long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMillis <= 0) {
        return;
      }
      try {
        thread.join(leftMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
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
