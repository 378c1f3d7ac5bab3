package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.detect.DetectionScenes;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detected regions through the whole service on a real broker and registry: a frame with a face and
 * a car gives DETECTED regions labelled with their class in {@code region-scores}, and a blurred
 * face fires the low-score alert of the label {@code face}.
 */
class DetectedRegionsIT {

  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path state;

  private static IqmonConfig config() {
    return new ConfigLoader()
        .text(
            """
            feeds:
              door:
                detect:
                  classes: [person, car, face]
            alerts:
              low-score: {enabled: true, fire-below: 40, resolve-at-or-above: 50, consecutive: 3}
            """,
            "test")
        .set("kafka.bootstrap-servers=" + cluster.bootstrapServers())
        .set("kafka.application-id=iqmon-detected")
        .set("kafka.state-dir=" + state)
        .set("registry.url=" + cluster.registryUrl())
        .set("metrics.port=0")
        .load();
  }

  @Test
  void shouldPublishDetectedRegionsAndAlertOnABlurredFace() throws Exception {
    IqmonConfig config = config();
    SchemaRegistry registry = Clients.registry(config);
    byte[] sharp = ImageEncoder.jpeg(DetectionScenes.faceAndCar(), 95);
    byte[] blurred =
        ImageEncoder.jpeg(DetectionScenes.faceAndCarBlurredFace(DetectionScenes.FACE_BLUR), 95);
    Instant t0 = Instant.now();

    try (IqmonService service = IqmonService.start(config);
        var producer = Clients.imageProducer(config, registry)) {
      service.awaitRunning(Duration.ofSeconds(60));
      for (int i = 0; i < 6; i++) {
        byte[] frame = i < 3 ? sharp : blurred;
        String id = (i < 3 ? "sharp-" : "blurred-") + i;
        producer.send(
            new ProducerRecord<>(
                "images",
                "door",
                ImageEventFactory.inline("door", id, t0.plusSeconds(i), frame, List.of())));
      }
      producer.flush();

      Map<String, List<Object>> out = consume(config, registry);
      List<RegionScore> regions = cast(out.get("region-scores"));
      for (int i = 0; i < 6; i++) {
        String id = (i < 3 ? "sharp-" : "blurred-") + i;
        List<RegionScore> detected =
            regions.stream()
                .filter(r -> r.getImageId().equals(id) && r.getSource() == RoiSource.DETECTED)
                .toList();
        assertThat(detected).extracting(RegionScore::getLabel).contains("face", "car", "person");
        RegionScore face =
            detected.stream().filter(r -> r.getLabel().equals("face")).findFirst().orElseThrow();
        assertThat(face.getRoiId()).isEqualTo("face-1");
        assertThat(face.getConfidence()).isGreaterThanOrEqualTo(0.75);
        assertThat(face.getBox().getX()).isBetween(160.0, 200.0);
      }
      List<QualityAlert> alerts = cast(out.get("quality-alerts"));
      QualityAlert face =
          alerts.stream()
              .filter(a -> a.getAlertId().equals("door/face/low-score"))
              .findFirst()
              .orElseThrow();
      assertThat(face.getState()).isEqualTo(AlertState.FIRING);
      assertThat(face.getEvidence().getImageIds())
          .containsExactly("blurred-3", "blurred-4", "blurred-5");
      // The blurred face is judged as a face: the whole frame's score stays up. (The sunlit pickup
      // scores low in every frame, blurred face or not: the classical model sees its clipping.)
      assertThat(alerts)
          .extracting(QualityAlert::getAlertId)
          .doesNotContain("door/whole/low-score")
          .filteredOn(id -> id.startsWith("door/face/"))
          .containsExactly("door/face/low-score");
      assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  /**
   * The 6 image results, their regions (as many as the results list) and the alerts that came with
   * them, decoded; waits up to 2 minutes.
   */
  private static Map<String, List<Object>> consume(IqmonConfig config, SchemaRegistry registry) {
    var props = Clients.consumer(config, "detected-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, List<Object>> out = new HashMap<>();
    Map<String, Class<? extends org.apache.avro.specific.SpecificRecord>> types =
        Map.of(
            "image-quality", ImageQuality.class,
            "region-scores", RegionScore.class,
            "quality-alerts", QualityAlert.class);
    types.keySet().forEach(t -> out.put(t, new ArrayList<>()));
    Predicate<Map<String, List<Object>>> done =
        o -> {
          List<ImageQuality> images = cast(o.get("image-quality"));
          int regions = images.stream().mapToInt(i -> i.getRegions().size()).sum();
          return images.size() == 6
              && o.get("region-scores").size() == regions
              && !o.get("quality-alerts").isEmpty();
        };
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(types.keySet());
      while (System.nanoTime() < deadline && !done.test(out)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.get(r.topic())
              .add(
                  AvroSerde.forValues(types.get(r.topic()), registry)
                      .deserializer()
                      .deserialize(r.topic(), r.value()));
        }
      }
    }
    assertThat(done.test(out)).as("all results and an alert within 2 minutes: %s", out).isTrue();
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> cast(List<Object> values) {
    return (List<T>) (List<?>) values;
  }
}
