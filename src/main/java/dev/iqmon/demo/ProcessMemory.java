package dev.iqmon.demo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory figures for a soak: this JVM's heap after a full collection, and resident sizes. */
public final class ProcessMemory {

  private ProcessMemory() {}

  /**
   * The heap in use right after a full collection, in MiB. It asks for that collection itself
   * ({@code System.gc()}), so that the figure is comparable from one report to the next.
   */
  public static long heapAfterGcMebibytes() {
    System.gc();
    long used =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .mapToLong(pool -> pool.getUsage().getUsed())
            .sum();
    return used >> 20;
  }

  /** The resident set size (VmRSS) of a process in MiB, where Linux's {@code /proc} tells. */
  public static OptionalLong residentMebibytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or the process is gone.
    }
    return OptionalLong.empty();
  }
}
