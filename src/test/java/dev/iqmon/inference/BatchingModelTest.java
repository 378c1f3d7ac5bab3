package dev.iqmon.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.LevelDistribution;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.Roi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingModelTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** Scores each image with its width; records the size of every call. */
  private static final class WidthModel implements QualityModel {
    final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
    volatile RuntimeException failure;
    volatile boolean closed;

    @Override
    public ModelInfo info() {
      return new ModelInfo("width", "1", "java");
    }

    @Override
    public List<ImageResult> score(List<ImageJob> jobs) {
      calls.add(jobs.size());
      if (failure != null) {
        throw failure;
      }
      return jobs.stream()
          .map(
              job ->
                  new ImageResult(
                      List.of(
                          new ScoredRegion(
                              job.rois().get(0),
                              new RegionQuality(
                                  LevelDistribution.around(job.image().width(), 0.5),
                                  Map.of(),
                                  0.5,
                                  Map.of())))))
          .toList();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static ImageJob job(int width) {
    return new ImageJob(new RgbImage(width, 1, new int[width]), List.of(Roi.whole(width, 1)));
  }

  private static double score(List<ImageResult> results, int i) {
    return results.get(i).regions().get(0).quality().score();
  }

  /** Starts {@code n} callers together, caller i scoring one image of width 10 + i. */
  private List<Future<List<ImageResult>>> callTogether(BatchingModel batching, int n) {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<ImageResult>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int width = 10 + i;
      futures.add(
          threads.submit(
              () -> {
                start.await();
                return batching.score(List.of(job(width)));
              }));
    }
    start.countDown();
    return futures;
  }

  @Test
  void shouldCombineCallsFromSeveralThreadsIntoOneModelCall() throws Exception {
    WidthModel model = new WidthModel();
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    try (BatchingModel batching = new BatchingModel(model, 4, Duration.ofSeconds(5), sizes::add)) {
      List<Future<List<ImageResult>>> futures = callTogether(batching, 4);

      for (int i = 0; i < 4; i++) {
        List<ImageResult> mine = futures.get(i).get(10, TimeUnit.SECONDS);
        assertThat(mine).hasSize(1);
        assertThat(score(mine, 0)).isCloseTo(10 + i, org.assertj.core.data.Offset.offset(1e-6));
      }
      assertThat(model.calls).containsExactly(4);
      assertThat(sizes).containsExactly(4);
    }
  }

  @Test
  void shouldNeverPutMoreThanTheMaximumInOneCall() throws Exception {
    WidthModel model = new WidthModel();
    try (BatchingModel batching = new BatchingModel(model, 3, Duration.ofMillis(200), n -> {})) {
      for (Future<List<ImageResult>> f : callTogether(batching, 7)) {
        f.get(10, TimeUnit.SECONDS);
      }

      assertThat(model.calls).allMatch(n -> n <= 3);
      assertThat(model.calls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    }
  }

  @Test
  void shouldNotHoldALoneCallLongerThanTheWait() {
    WidthModel model = new WidthModel();
    try (BatchingModel batching = new BatchingModel(model, 8, Duration.ofMillis(50), n -> {})) {
      long start = System.nanoTime();

      List<ImageResult> results = batching.score(List.of(job(20), job(21)));

      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(results).hasSize(2);
      assertThat(score(results, 1)).isCloseTo(21, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(tookMillis).isGreaterThanOrEqualTo(45).isLessThan(5_000);
      assertThat(model.calls).containsExactly(2);
    }
  }

  @Test
  void shouldGiveEveryCallerTheModelsFailure() throws Exception {
    WidthModel model = new WidthModel();
    model.failure = new IllegalStateException("the encoder failed");
    try (BatchingModel batching = new BatchingModel(model, 2, Duration.ofSeconds(5), n -> {})) {
      for (Future<List<ImageResult>> f : callTogether(batching, 2)) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("the encoder failed");
      }
    }
  }

  @Test
  void shouldCloseTheModelItWraps() {
    WidthModel model = new WidthModel();
    new BatchingModel(model, 2, Duration.ofMillis(1), n -> {}).close();

    assertThat(model.closed).isTrue();
  }
}
