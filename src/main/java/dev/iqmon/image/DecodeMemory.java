package dev.iqmon.image;

import java.util.concurrent.Semaphore;

/**
 * The memory all decodes running at once may take, shared by the threads of one decoder. A decode
 * takes its share (the bytes its header says it will allocate) before it starts and gives it back
 * when done; a large image waits while others hold the memory, so several large images arriving
 * together are decoded in turn instead of all at once. Fair, so a large decode is not starved by a
 * stream of small ones.
 */
final class DecodeMemory {

  private static final int UNIT_SHIFT = 10;

  private final Semaphore kib;
  private final int total;

  DecodeMemory(long bytes) {
    this.total = (int) Math.min(Integer.MAX_VALUE, bytes >> UNIT_SHIFT);
    this.kib = new Semaphore(total, true);
  }

  /** A share held until closed. */
  interface Share extends AutoCloseable {
    @Override
    void close();
  }

  /** Waits until {@code bytes} (at most the whole budget) are free, and holds them. */
  Share take(long bytes) {
    int units = (int) Math.min(total, Math.max(1, (bytes + (1 << UNIT_SHIFT) - 1) >> UNIT_SHIFT));
    kib.acquireUninterruptibly(units);
    return () -> kib.release(units);
  }

  /** Bytes not held by any decode now. */
  long freeBytes() {
    return (long) kib.availablePermits() << UNIT_SHIFT;
  }
}
