package dev.iqmon.schema;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently to retry a registry request that failed for a reason that may pass: a
 * refused or timed-out connection, or a 5xx answer. The delay doubles after each failure, from
 * {@code initialBackoff} up to {@code maxBackoff}. Client errors (4xx) are never retried.
 *
 * @param maxAttempts attempts in all, the first one included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** Four attempts, 100 ms, 200 ms and 400 ms apart. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2));

  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= initialBackoff <= maxBackoff, was " + initialBackoff + ", " + maxBackoff);
    }
  }

  /** The pause after the {@code failures}-th failed attempt (1-based). */
  public Duration backoffAfter(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, was " + failures);
    }
    Duration delay = initialBackoff;
    for (int i = 1; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }
}
