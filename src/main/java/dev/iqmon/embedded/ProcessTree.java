package dev.iqmon.embedded;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ending a child process together with everything it started. */
final class ProcessTree {

  private ProcessTree() {}

  /**
   * Asks the process and its descendants to stop, waits up to {@code grace} for the process to
   * exit, then kills whatever of the tree is still alive and waits for it.
   */
  static void kill(ProcessHandle root, Duration grace) {
    List<ProcessHandle> descendants = root.descendants().toList();
    root.destroy();
    descendants.forEach(ProcessHandle::destroy);
    if (grace.isZero() || !exited(root, grace)) {
      root.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    exited(root, Duration.ofSeconds(5));
  }

  private static boolean exited(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
