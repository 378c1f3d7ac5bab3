package dev.iqmon.app;

import java.time.Duration;

/**
 * The pause before a stream thread that could not reach the schema registry is replaced: 1 s, then
 * doubling up to {@link #MAX}, back to 1 s once a minute has passed without a failure.
 */
final class RegistryBackoff {

  static final Duration MAX = Duration.ofSeconds(30);
  private static final Duration FIRST = Duration.ofSeconds(1);
  private static final Duration QUIET = Duration.ofMinutes(1);

  private Duration next = FIRST;
  private long lastFailure = Long.MIN_VALUE;

  /** The pause for a failure now. */
  synchronized Duration next() {
    long now = System.nanoTime();
    if (lastFailure != Long.MIN_VALUE && now - lastFailure > QUIET.toNanos()) {
      next = FIRST;
    }
    lastFailure = now;
    Duration pause = next;
    next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
    return pause;
  }
}
