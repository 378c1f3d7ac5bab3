package dev.iqmon.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallCombinerTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** Names each number; records the size of every call; fails when told to. */
  private static final class Naming implements Function<List<Integer>, List<String>> {
    final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
    volatile RuntimeException failure;
    volatile boolean dropLast;

    @Override
    public List<String> apply(List<Integer> numbers) {
      calls.add(numbers.size());
      if (failure != null) {
        throw failure;
      }
      List<String> names = numbers.stream().map(n -> "n" + n).toList();
      return dropLast ? names.subList(0, names.size() - 1) : names;
    }
  }

  /** Starts {@code n} callers together, caller i asking for the number 10 + i. */
  private List<Future<List<String>>> callTogether(CallCombiner<Integer, String> combiner, int n) {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int number = 10 + i;
      futures.add(
          threads.submit(
              () -> {
                start.await();
                return combiner.call(List.of(number));
              }));
    }
    start.countDown();
    return futures;
  }

  @Test
  void shouldCombineCallsFromSeveralThreadsIntoOneCall() throws Exception {
    Naming naming = new Naming();
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    try (CallCombiner<Integer, String> combiner =
        new CallCombiner<>(naming, 4, Duration.ofSeconds(5), sizes::add)) {
      List<Future<List<String>>> futures = callTogether(combiner, 4);

      for (int i = 0; i < 4; i++) {
        assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).containsExactly("n" + (10 + i));
      }
      assertThat(naming.calls).containsExactly(4);
      assertThat(sizes).containsExactly(4);
    }
  }

  @Test
  void shouldNeverPutMoreThanTheMaximumInOneCall() throws Exception {
    Naming naming = new Naming();
    try (CallCombiner<Integer, String> combiner =
        new CallCombiner<>(naming, 3, Duration.ofMillis(200), n -> {})) {
      for (Future<List<String>> f : callTogether(combiner, 7)) {
        f.get(10, TimeUnit.SECONDS);
      }

      assertThat(naming.calls).allMatch(n -> n <= 3);
      assertThat(naming.calls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    }
  }

  @Test
  void shouldNotHoldALoneCallLongerThanTheWait() {
    Naming naming = new Naming();
    try (CallCombiner<Integer, String> combiner =
        new CallCombiner<>(naming, 8, Duration.ofMillis(50), n -> {})) {
      long start = System.nanoTime();

      List<String> names = combiner.call(List.of(20, 21));

      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(names).containsExactly("n20", "n21");
      assertThat(tookMillis).isGreaterThanOrEqualTo(45).isLessThan(5_000);
      assertThat(naming.calls).containsExactly(2);
    }
  }

  @Test
  void shouldPassACallOfTheMaximumSizeStraightThrough() {
    Naming naming = new Naming();
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    try (CallCombiner<Integer, String> combiner =
        new CallCombiner<>(naming, 2, Duration.ofSeconds(5), sizes::add)) {
      long start = System.nanoTime();

      assertThat(combiner.call(List.of(1, 2, 3))).containsExactly("n1", "n2", "n3");

      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
      assertThat(sizes).containsExactly(3);
    }
  }

  @Test
  void shouldGiveEveryCallerTheFunctionsFailure() throws Exception {
    Naming naming = new Naming();
    naming.failure = new IllegalStateException("the encoder failed");
    try (CallCombiner<Integer, String> combiner =
        new CallCombiner<>(naming, 2, Duration.ofSeconds(5), n -> {})) {
      for (Future<List<String>> f : callTogether(combiner, 2)) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("the encoder failed");
      }
    }
  }

  @Test
  void shouldFailCallersWhenTheFunctionGivesTheWrongNumberOfOutputs() throws Exception {
    Naming naming = new Naming();
    naming.dropLast = true;
    try (CallCombiner<Integer, String> combiner =
        new CallCombiner<>(naming, 2, Duration.ofSeconds(5), n -> {})) {
      for (Future<List<String>> f : callTogether(combiner, 2)) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("1 outputs for 2 inputs");
      }
    }
  }

  @Test
  void shouldRefuseCallsOnceClosed() {
    CallCombiner<Integer, String> combiner =
        new CallCombiner<>(new Naming(), 2, Duration.ofMillis(1), n -> {});
    combiner.close();

    assertThatThrownBy(() -> combiner.call(List.of(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
