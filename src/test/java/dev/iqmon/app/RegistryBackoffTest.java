package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryBackoffTest {

  @Test
  void shouldDoubleThePauseUpToItsBound() {
    RegistryBackoff backoff = new RegistryBackoff();
    List<Long> seconds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      seconds.add(backoff.next().toSeconds());
    }

    assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    assertThat(RegistryBackoff.MAX).isEqualTo(Duration.ofSeconds(30));
  }
}
