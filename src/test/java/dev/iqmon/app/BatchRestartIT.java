package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images waiting for their batch when the service stops: their input offsets are committed, so only
 * the batch buffer's changelog can bring them back. A new instance, on a state directory of its
 * own, must score them, in order.
 */
class BatchRestartIT {

  private static final String APP = "iqmon-batch-restart";
  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path first;
  @TempDir static Path second;

  private static IqmonConfig config(Path stateDir, String batchWait) {
    return new ConfigLoader()
        // The first instance leaves without a word; the second takes over after this timeout.
        .text("kafka: {properties: {main.consumer.session.timeout.ms: '6000'}}", "test")
        .set("kafka.bootstrap-servers=" + cluster.bootstrapServers())
        .set("kafka.application-id=" + APP)
        .set("kafka.state-dir=" + stateDir)
        .set("registry.url=" + cluster.registryUrl())
        .set("topics.partitions=1")
        .set("metrics.port=0")
        .set("model.kind=learned")
        .set("model.batch-size=8")
        .set("model.batch-wait=" + batchWait)
        .load();
  }

  @Test
  void shouldScoreImagesThatWereWaitingForTheirBatchWhenTheServiceStopped() throws Exception {
    IqmonConfig waitsLong = config(first, "10m");
    SchemaRegistry registry = Clients.registry(waitsLong);
    RgbImage photo = new ImageDecoder().decode(sample("coffee.png"), null).image();
    List<String> ids = List.of("img-0", "img-1", "img-2");

    try (IqmonService service = IqmonService.start(waitsLong);
        var producer =
            new KafkaProducer<>(
                Clients.producer(waitsLong),
                new StringSerializer(),
                AvroSerde.forValues(ImageEvent.class, registry).serializer())) {
      for (int i = 0; i < ids.size(); i++) {
        RgbImage image = ImageDistortions.gaussianBlur(photo, i + 1);
        producer.send(
            new ProducerRecord<>(
                "images",
                "cam-1",
                ImageEventFactory.inline(
                    "cam-1", ids.get(i), Instant.now(), ImageEncoder.jpeg(image, 90), List.of())));
      }
      producer.flush();
      awaitCommittedOffset(waitsLong, ids.size());
      assertThat(imageIds(waitsLong, registry, 0, Duration.ofSeconds(3)))
          .as("still waiting for a batch of 8")
          .isEmpty();
      assertThat(service.running()).isTrue();
    }

    IqmonConfig restarted = config(second, "100ms");
    try (IqmonService service = IqmonService.start(restarted)) {
      assertThat(imageIds(restarted, registry, ids.size(), Duration.ofSeconds(90)))
          .containsExactlyElementsOf(ids);
      assertThat(service.running()).isTrue();
    }
  }

  /** Waits until the service has committed its input offsets past {@code count} records. */
  private static void awaitCommittedOffset(IqmonConfig config, long count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(APP).partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata images = offsets.get(new TopicPartition("images", 0));
        if (images != null && images.offset() >= count) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the service never committed its input offsets");
  }

  /** The image ids published to image-quality (read committed), waiting for {@code expected}. */
  private static List<String> imageIds(
      IqmonConfig config, SchemaRegistry registry, int expected, Duration timeout) {
    var props = Clients.consumer(config, "check-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    var values = AvroSerde.forValues(ImageQuality.class, registry).deserializer();
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (var consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of("image-quality"));
      while (System.nanoTime() < deadline && (expected == 0 || ids.size() < expected)) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(r -> ids.add(values.deserialize(r.topic(), r.value()).getImageId()));
      }
    }
    return ids;
  }

  private static byte[] sample(String name) throws java.io.IOException {
    try (InputStream in = BatchRestartIT.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }
}
