package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One feed publishing as fast as it can, scored by the worker pool on a real broker and registry:
 * every image's results come out once, exactly-once, in the order the images went in.
 */
class ParallelScoringIT {

  private static final int IMAGES = 60;
  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path state;

  private static IqmonConfig config() {
    return new ConfigLoader()
        .text(
            """
            feeds:
              hot:
                rois:
                  - id: left
                    box: [0.0, 0.0, 0.5, 1.0]
            """,
            "test")
        .set("kafka.bootstrap-servers=" + cluster.bootstrapServers())
        .set("kafka.application-id=iqmon-parallel")
        .set("kafka.state-dir=" + state)
        .set("registry.url=" + cluster.registryUrl())
        .set("topics.partitions=1")
        .set("metrics.port=0")
        .set("workers.enabled=true")
        .set("workers.threads=4")
        .set("workers.max-in-flight=6")
        .load();
  }

  @Test
  void shouldScoreAHotFeedOnThePoolInOrderAndExactlyOnce() throws Exception {
    IqmonConfig config = config();
    SchemaRegistry registry = Clients.registry(config);
    RgbImage photo = new ImageDecoder().decode(sample("coffee.png"), null).image();
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jpegs.add(ImageEncoder.jpeg(ImageDistortions.gaussianBlur(photo, i + 1), 90));
    }
    List<String> ids = new ArrayList<>();

    try (IqmonService service = IqmonService.start(config);
        KafkaProducer<String, ImageEvent> producer = Clients.imageProducer(config, registry)) {
      for (int i = 0; i < IMAGES; i++) {
        String id = "hot-" + i;
        ids.add(id);
        producer.send(
            new ProducerRecord<>(
                "images",
                "hot",
                ImageEventFactory.inline(
                    "hot", id, Instant.now(), jpegs.get(i % jpegs.size()), List.of())));
      }
      producer.flush();

      List<String> images = read(config, registry, "image-quality", IMAGES, ImageQuality.class);
      List<String> regions = read(config, registry, "region-scores", 2 * IMAGES, RegionScore.class);

      assertThat(images).containsExactlyElementsOf(ids);
      assertThat(regions).hasSize(2 * IMAGES);
      List<String> regionImages = regions.stream().distinct().toList();
      assertThat(regionImages).containsExactlyElementsOf(ids);
      Timer latency = service.meters().get("iqmon.record.latency").timer();
      assertThat(latency.count()).isEqualTo(IMAGES);
      assertThat(service.meters().get("iqmon.workers.threads").gauge().value()).isEqualTo(4);
    }
  }

  /**
   * The image ids of a topic's records (read committed), in order; reads on for a while after
   * {@code expected} so that a duplicate would show.
   */
  private static <T extends org.apache.avro.specific.SpecificRecord> List<String> read(
      IqmonConfig config, SchemaRegistry registry, String topic, int expected, Class<T> type) {
    var props = Clients.consumer(config, "check-" + topic + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    var values = AvroSerde.forValues(type, registry).deserializer();
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    long settle = Long.MAX_VALUE;
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (System.nanoTime() < Math.min(deadline, settle)) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(r -> ids.add(imageId(values.deserialize(r.topic(), r.value()))));
        if (ids.size() >= expected && settle == Long.MAX_VALUE) {
          settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return ids;
  }

  private static String imageId(Object value) {
    return value instanceof ImageQuality q
        ? q.getImageId().toString()
        : ((RegionScore) value).getImageId().toString();
  }

  private static byte[] sample(String name) throws java.io.IOException {
    try (InputStream in = ParallelScoringIT.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }
}
