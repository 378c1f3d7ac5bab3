package dev.iqmon.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What a soak run saw come out, by feed: results and dead letters, and the latency of the results
 * since the last report. Thread-safe: one thread records, another reports.
 */
public final class SoakTally {

  private final Map<String, long[]> byFeed = new TreeMap<>();
  private long[] latencies = new long[1024];
  private int latencyCount;
  private long resultsSinceReport;

  /** A result for the feed, {@code latencyMillis} after its capture time. */
  public synchronized void result(String feed, long latencyMillis) {
    counts(feed)[0]++;
    resultsSinceReport++;
    if (latencyCount == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencyCount * 2);
    }
    latencies[latencyCount++] = latencyMillis;
    notifyAll();
  }

  /** A dead letter for the feed ({@code "?"} when it could not be read). */
  public synchronized void deadLetter(String feed) {
    counts(feed == null ? "?" : feed)[1]++;
    notifyAll();
  }

  /**
   * Waits until every feed's results and dead letters add up to what was {@code published} to it,
   * at most {@code timeout}; whether they do.
   */
  public synchronized boolean awaitConserved(Map<String, Long> published, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!conserved(published)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Whether every feed's results and dead letters add up to what was published to it. */
  public synchronized boolean conserved(Map<String, Long> published) {
    Set<String> feeds = new TreeSet<>(published.keySet());
    feeds.addAll(byFeed.keySet());
    return feeds.stream()
        .allMatch(
            feed -> {
              long[] out = byFeed.getOrDefault(feed, new long[2]);
              return published.getOrDefault(feed, 0L) == out[0] + out[1];
            });
  }

  private long[] counts(String feed) {
    return byFeed.computeIfAbsent(feed, f -> new long[2]);
  }

  /** Results, dead letters and latency since the last call; starts the next interval. */
  public synchronized Interval takeInterval() {
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    Interval interval =
        new Interval(resultsSinceReport, quantile(sorted, 0.50), quantile(sorted, 0.99));
    latencyCount = 0;
    resultsSinceReport = 0;
    return interval;
  }

  /** Results by feed. */
  public synchronized Map<String, Long> results() {
    return column(0);
  }

  /** Dead letters by feed. */
  public synchronized Map<String, Long> deadLetters() {
    return column(1);
  }

  private Map<String, Long> column(int index) {
    Map<String, Long> out = new TreeMap<>();
    byFeed.forEach((feed, counts) -> out.put(feed, counts[index]));
    return out;
  }

  /** Nearest-rank quantile; -1 when there is nothing. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** One report's worth: results and their latency in milliseconds (-1 when none). */
  public record Interval(long results, long p50Millis, long p99Millis) {}
}
