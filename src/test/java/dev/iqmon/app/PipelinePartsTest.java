package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.RgbImage;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PipelinePartsTest {

  /** Gives every image a result with no regions. */
  private static final class EmptyModel implements QualityModel {
    @Override
    public ModelInfo info() {
      return new ModelInfo("empty", "test", "java");
    }

    @Override
    public List<ImageResult> score(List<ImageJob> jobs) {
      return jobs.stream().map(j -> new ImageResult(List.of())).toList();
    }
  }

  @Test
  void shouldCountTheBatchesCombinedAcrossStreamThreads() {
    IqmonConfig config =
        new ConfigLoader()
            .set("kafka.stream-threads=2")
            .set("model.kind=learned")
            .set("model.batch-size=2")
            .set("model.cross-thread-wait=1m")
            .load();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    QualityModel model =
        PipelineParts.acrossThreads(config, new EmptyModel(), IqmonMetrics.boundTo(meters));
    List<ImageJob> one = List.of(new ImageJob(new RgbImage(1, 1, new int[1]), List.of()));

    try (model) {
      CompletableFuture<List<ImageResult>> first =
          CompletableFuture.supplyAsync(() -> model.score(one));
      CompletableFuture<List<ImageResult>> second =
          CompletableFuture.supplyAsync(() -> model.score(one));
      assertThat(first.join()).hasSize(1);
      assertThat(second.join()).hasSize(1);
    }

    DistributionSummary sizes = meters.get("iqmon.batch.size").tag("batcher", "threads").summary();
    assertThat(sizes.count()).as("one call for both threads").isEqualTo(1);
    assertThat(sizes.totalAmount()).isEqualTo(2);
    assertThat(meters.get("iqmon.batch.fill").tag("batcher", "threads").summary().totalAmount())
        .isEqualTo(1.0);
    assertThat(meters.get("iqmon.batch.size").tag("batcher", "records").summary().count()).isZero();
  }
}
