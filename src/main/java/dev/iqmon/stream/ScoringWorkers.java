package dev.iqmon.stream;

import dev.iqmon.config.WorkersConfig;
import dev.iqmon.metrics.IqmonMetrics;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool that prepares and scores records for the stream tasks of one instance, and the limits on
 * what each task may have in flight. The service creates it before the streams and closes it after
 * them, and before the model: {@link #close()} waits for the work already running.
 *
 * <p>The pool's queue needs no bound of its own: each task keeps at most {@code maxInFlight}
 * records (and {@code maxInFlightBytes}) in flight, and its stream thread waits for the oldest to
 * finish before reading more.
 */
public final class ScoringWorkers implements AutoCloseable {

  private static final long CLOSE_WAIT_SECONDS = 30;

  private final ThreadPoolExecutor pool;
  private final int maxInFlight;
  private final long maxInFlightBytes;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  private ScoringWorkers(ThreadPoolExecutor pool, int maxInFlight, long maxInFlightBytes) {
    this.pool = pool;
    this.maxInFlight = maxInFlight;
    this.maxInFlightBytes = maxInFlightBytes;
  }

  /**
   * A pool as configured, with its meters; when the config turns it off, work runs on the stream
   * thread as each record comes.
   */
  public static ScoringWorkers start(WorkersConfig config, IqmonMetrics metrics) {
    if (!config.enabled()) {
      return inline();
    }
    AtomicInteger number = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            config.poolSize(),
            config.poolSize(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            work -> {
              Thread t = new Thread(work, "iqmon-worker-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ScoringWorkers workers =
        new ScoringWorkers(pool, config.maxInFlight(), config.maxInFlightBytes());
    metrics.workers(
        () -> pool.getQueue().size(), workers.records::get, workers.bytes::get, pool::getPoolSize);
    return workers;
  }

  /**
   * No pool: every record is prepared and scored on the stream thread when it comes; only images
   * waiting for their batch stay in flight, and the batch size bounds them.
   */
  public static ScoringWorkers inline() {
    return new ScoringWorkers(null, Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  /** Whether work runs on a pool (and records may be in flight after their process call). */
  public boolean pooled() {
    return pool != null;
  }

  Executor executor() {
    return pool != null ? pool : Runnable::run;
  }

  int maxInFlight() {
    return maxInFlight;
  }

  long maxInFlightBytes() {
    return maxInFlightBytes;
  }

  /** A task took a record of {@code size} bytes in. */
  void entered(long size) {
    records.incrementAndGet();
    bytes.addAndGet(size);
  }

  /** A task forwarded (or left behind, on close) a record of {@code size} bytes. */
  void left(long size) {
    records.decrementAndGet();
    bytes.addAndGet(-size);
  }

  /** Lets the work already running finish, then stops the threads. */
  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    ExecutorService closing = pool;
    closing.shutdown();
    try {
      if (!closing.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        closing.shutdownNow();
      }
    } catch (InterruptedException e) {
      closing.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
