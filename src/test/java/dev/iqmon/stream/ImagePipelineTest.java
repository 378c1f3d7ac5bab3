package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.Thumbnailer;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final IqmonConfig config = new ConfigLoader().load();

  private SourceRecord record(long offset, Instant at) {
    ImageEvent event = event("cam-1", "img-" + offset, at, pngScoring(70));
    byte[] value =
        AvroSerde.forValues(ImageEvent.class, registry).serializer().serialize("images", event);
    return new SourceRecord(
        "images", 0, offset, at.toEpochMilli(), "cam-1".getBytes(StandardCharsets.UTF_8), value);
  }

  @Test
  void shouldTimeTheThumbnailsItMakesAtMostOnceAnInterval() {
    ImagePipeline pipeline =
        TopologyHarness.pipeline(
                config,
                new AvroSerdes(registry, true),
                new BrightnessModel(),
                IqmonMetrics.boundTo(meters))
            .withThumbnails(new Thumbnailer(320, 64 * 1024), Duration.ofSeconds(10));

    ImageOutcome first = pipeline.process(record(0, T0));
    ImageOutcome soon = pipeline.process(record(1, T0.plusSeconds(1)));
    ImageOutcome later = pipeline.process(record(2, T0.plusSeconds(10)));

    assertThat(((ImageOutcome.Scored) first).thumbnail()).isNotNull();
    assertThat(((ImageOutcome.Scored) soon).thumbnail()).isNull();
    assertThat(((ImageOutcome.Scored) later).thumbnail()).isNotNull();
    assertThat(meters.get("iqmon.stage").tag("stage", "thumbnail").timer().count()).isEqualTo(2);
    assertThat(meters.get("iqmon.images").counter().count()).isEqualTo(3);
  }
}
