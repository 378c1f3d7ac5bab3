package dev.iqmon.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

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
}
