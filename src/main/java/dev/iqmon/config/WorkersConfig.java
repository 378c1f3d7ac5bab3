package dev.iqmon.config;

/**
 * The worker pool that prepares and scores the records of each stream task while its stream thread
 * goes on reading, so that one feed (one partition, one stream thread) keeps every core busy.
 * Outcomes are still forwarded in input order.
 *
 * @param enabled false: each record is prepared and scored on its stream thread, one at a time
 * @param threads the pool's threads, shared by all tasks of the instance; 0: one per core
 * @param maxInFlight the most records a task has read and not yet forwarded; reading waits beyond
 *     it
 * @param maxInFlightBytes the most bytes of record values a task has in flight; a single record
 *     larger than this still goes through, alone
 */
public record WorkersConfig(boolean enabled, int threads, int maxInFlight, long maxInFlightBytes) {

  public WorkersConfig {
    if (threads < 0) {
      throw new ConfigException("workers.threads must be 0 or more, got " + threads);
    }
    Validate.positive(maxInFlight, "workers.max-in-flight");
    Validate.positive(maxInFlightBytes, "workers.max-in-flight-bytes");
  }

  /** The pool's size: {@code threads}, or the number of cores when it is 0. */
  public int poolSize() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
