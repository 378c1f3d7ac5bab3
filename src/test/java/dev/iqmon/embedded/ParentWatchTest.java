package dev.iqmon.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentWatchTest {

  /** A child JVM that would sleep for a minute, with the agent watching its input. */
  private static Process sleeper(Path agent) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + agent,
            "-cp",
            System.getProperty("java.class.path"),
            Sleeper.class.getName())
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void shouldHaltTheChildWhenItsParentsPipeCloses(@TempDir Path dir) throws Exception {
    Process child = sleeper(ParentWatch.agentJar(dir));
    try {
      assertThat(child.waitFor(2, TimeUnit.SECONDS)).as("alive while the pipe is open").isFalse();

      child.getOutputStream().close(); // what the kernel does when the parent dies

      assertThat(child.waitFor(5, TimeUnit.SECONDS)).as("gone once it closed").isTrue();
      assertThat(child.exitValue()).isEqualTo(ParentWatch.EXIT_STATUS);
      assertThat(new String(child.getInputStream().readAllBytes()))
          .contains("the process that started this one is gone");
    } finally {
      child.destroyForcibly();
    }
  }

  /** Sleeps for a minute. */
  static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(60_000);
    }
  }
}
