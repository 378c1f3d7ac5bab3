package dev.iqmon.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The peak resident memory of a process, from Linux's {@code /proc/<pid>/status} (VmHWM). */
public final class PeakMemory {

  private PeakMemory() {}

  /** Peak resident set size in MiB, or empty where {@code /proc} does not tell. */
  public static OptionalLong mebibytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or the process is gone: nothing to report.
    }
    return OptionalLong.empty();
  }

  /** "123 MiB", or "unknown" where {@code /proc} did not tell. */
  public static String describe(OptionalLong mebibytes) {
    return mebibytes.isPresent() ? mebibytes.getAsLong() + " MiB" : "unknown";
  }

  /**
   * Samples another process's peak now and then, so that it is still known after the process ended
   * (a child stopped by the same Ctrl-C, for instance).
   */
  public static final class Watch implements AutoCloseable {
    private final long pid;
    private final AtomicLong peak = new AtomicLong(-1);
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "peak-memory");
              thread.setDaemon(true);
              return thread;
            });

    public Watch(long pid, Duration every) {
      this.pid = pid;
      timer.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
      PeakMemory.mebibytes(pid).ifPresent(m -> peak.accumulateAndGet(m, Math::max));
    }

    /** The largest peak seen so far, sampling once more first. */
    public OptionalLong mebibytes() {
      sample();
      long seen = peak.get();
      return seen < 0 ? OptionalLong.empty() : OptionalLong.of(seen);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }
}
