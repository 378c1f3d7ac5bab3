package dev.iqmon.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.RgbImage;
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

class BatchedQualityModelTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** Scores each image with its width; records the size of every call. */
  private static final class WidthModel implements QualityModel {
    final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
    volatile boolean closed;

    @Override
    public ModelInfo info() {
      return new ModelInfo("width", "1", "java");
    }

    @Override
    public List<ImageResult> score(List<ImageJob> jobs) {
      calls.add(jobs.size());
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

  @Test
  void shouldScoreEachCallersImagesInOneModelCall() throws Exception {
    WidthModel model = new WidthModel();
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    try (BatchedQualityModel batched =
        new BatchedQualityModel(model, 3, Duration.ofSeconds(5), sizes::add)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<ImageResult>>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int width = 10 + i;
        futures.add(
            threads.submit(
                () -> {
                  start.await();
                  return batched.score(List.of(job(width)));
                }));
      }
      start.countDown();

      for (int i = 0; i < 3; i++) {
        List<ImageResult> mine = futures.get(i).get(10, TimeUnit.SECONDS);
        assertThat(mine.get(0).regions().get(0).quality().score()).isCloseTo(10 + i, within(1e-6));
      }
      assertThat(model.calls).containsExactly(3);
      assertThat(sizes).containsExactly(3);
      assertThat(batched.info()).isEqualTo(model.info());
    }
  }

  @Test
  void shouldCloseTheModelItWraps() {
    WidthModel model = new WidthModel();
    new BatchedQualityModel(model, 2, Duration.ofMillis(1), n -> {}).close();

    assertThat(model.closed).isTrue();
  }
}
