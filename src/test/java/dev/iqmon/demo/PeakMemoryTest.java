package dev.iqmon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeakMemoryTest {

  @Test
  void shouldKeepTheLastPeakSeenOfAProcessThatHasEnded() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
    Process child = new ProcessBuilder("sleep", "30").start();
    try (PeakMemory.Watch watch = new PeakMemory.Watch(child.pid(), Duration.ofMillis(50))) {
      OptionalLong alive = watch.mebibytes();
      child.destroy();
      child.waitFor();

      assertThat(PeakMemory.mebibytes(child.pid())).isEmpty();
      assertThat(watch.mebibytes()).isEqualTo(alive).isPresent();
    }
  }

  @Test
  void shouldSayWhenThePeakIsUnknown() {
    assertThat(PeakMemory.describe(OptionalLong.empty())).isEqualTo("unknown");
    assertThat(PeakMemory.describe(OptionalLong.of(42))).isEqualTo("42 MiB");
  }
}
