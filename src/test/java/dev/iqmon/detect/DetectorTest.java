package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.image.RgbImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DetectorTest {

  private static final RgbImage WIDE = new RgbImage(128, 64, new int[128 * 64]);

  private final FakeDetectorNetwork network =
      new FakeDetectorNetwork(
          DetectorLayouts.gfl(64, List.of(8, 16)),
          new GflOutputs(1).cell(0, 8, 26, 0, 0.9f, new int[] {2, 1, 3, 4}));

  @Test
  void shouldMapBoxesBackToTheImageThroughTheLetterbox() {
    try (Detector detector = new Detector(network, 1, Duration.ZERO, n -> {})) {
      // 128 x 64 is scaled by 1/2 to 64 x 32, 16 rows down: input (4, 20)-(44, 60) is image
      // (8, 8)-(88, 88), clipped to the image's 64 rows
      Detection d = detector.detect(WIDE, 0.5).get(0);

      assertThat(new double[] {d.x0(), d.y0(), d.x1(), d.y1()}).containsExactly(8, 8, 88, 64);
    }
  }

  @Test
  void shouldCombineCallsFromSeveralThreadsIntoBatches() throws Exception {
    List<Integer> reported = new CopyOnWriteArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (Detector detector = new Detector(network, 4, Duration.ofSeconds(2), reported::add)) {
      CountDownLatch ready = new CountDownLatch(4);
      List<Future<List<Detection>>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  return detector.detect(WIDE, 0.5);
                }));
      }
      for (Future<List<Detection>> call : calls) {
        assertThat(call.get()).hasSize(1);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(network.batches).containsExactly(4);
    assertThat(reported).containsExactly(4);
    assertThat(network.closed).isTrue();
  }
}
