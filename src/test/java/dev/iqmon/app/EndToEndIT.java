package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RoiHint;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole service on a real broker and a real schema registry. */
class EndToEndIT {

  private static final int MAX_BYTES = 700_000;
  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path state;

  private static IqmonConfig config(String... settings) {
    ConfigLoader loader =
        new ConfigLoader()
            .text(
                """
            feeds:
              cam-1:
                rois:
                  - id: road
                    box: [0.0, 0.5, 1.0, 0.5]
            """,
                "test")
            .set("kafka.bootstrap-servers=" + cluster.bootstrapServers())
            .set("kafka.application-id=iqmon-e2e")
            .set("kafka.state-dir=" + state)
            .set("registry.url=" + cluster.registryUrl())
            .set("images.max-bytes=" + MAX_BYTES)
            .set("metrics.port=0")
            .set("model.kind=learned")
            // The learned model's own damaged regions depend on its weights; this test counts the
            // regions it asks for (DEGRADED ones are covered by the topology tests).
            .set("model.degraded-regions.max=0");
    for (String setting : settings) {
      loader.set(setting);
    }
    return loader.load();
  }

  @Test
  void shouldRefuseATakenMetricsPortNamingItAndLeaveNoKafkaClientRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IqmonConfig config =
          config("metrics.bind-address=127.0.0.1", "metrics.port=" + taken.getLocalPort());
      long adminThreadsBefore = adminClientThreads();

      assertThatThrownBy(() -> IqmonService.start(config))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(
              "cannot open the metrics port 127.0.0.1:"
                  + taken.getLocalPort()
                  + " (metrics.bind-address, metrics.port)");
      assertThat(adminClientThreads()).isEqualTo(adminThreadsBefore);
    }
  }

  private static long adminClientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("kafka-admin-client-thread"))
        .count();
  }

  @Test
  void shouldScoreValidImagesAndDeadLetterBadOnes() throws Exception {
    IqmonConfig config = config();
    SchemaRegistry registry = Clients.registry(config);
    RgbImage photo = new ImageDecoder().decode(sample("coffee.png"), null).image();
    byte[] jpeg = ImageEncoder.jpeg(photo, 90);
    Map<String, byte[]> valid =
        Map.of(
            "jpeg", jpeg,
            "png", ImageEncoder.png(photo),
            "webp", ImageEncoder.webp(photo, 90));
    byte[] corrupt = Arrays.copyOf(jpeg, jpeg.length / 3);
    byte[] oversize = sample("astronaut.png");
    assertThat(oversize.length).isGreaterThan(MAX_BYTES);
    assertThat(valid.values()).allMatch(bytes -> bytes.length <= MAX_BYTES);
    RoiHint car =
        RoiHint.newBuilder().setId("car").setBox(new Box(10.0, 10.0, 100.0, 80.0)).build();

    try (IqmonService service = IqmonService.start(config);
        var producer = Clients.imageProducer(config, registry);
        var raw =
            new KafkaProducer<>(
                Clients.producer(config), new StringSerializer(), new ByteArraySerializer())) {
      service.awaitRunning(Duration.ofSeconds(60));
      for (var e : valid.entrySet()) {
        producer.send(
            new ProducerRecord<>("images", "cam-1", event(e.getKey(), e.getValue(), List.of(car))));
      }
      producer.send(new ProducerRecord<>("images", "cam-1", event("corrupt", corrupt, List.of())));
      producer.send(
          new ProducerRecord<>("images", "cam-1", event("oversize", oversize, List.of())));
      raw.send(
          new ProducerRecord<>(
              "images", "cam-1", "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      producer.flush();
      raw.flush();

      Map<String, List<byte[]>> out =
          consume(config, Map.of("image-quality", 3, "region-scores", 9, "images.dlq", 3));

      var images = decode(out.get("image-quality"), ImageQuality.class, registry);
      assertThat(images)
          .extracting(ImageQuality::getImageId)
          .containsExactlyInAnyOrder("jpeg", "png", "webp");
      assertThat(images)
          .extracting(ImageQuality::getContentType)
          .containsExactlyInAnyOrder("image/jpeg", "image/png", "image/webp");
      var regions = decode(out.get("region-scores"), RegionScore.class, registry);
      for (String id : valid.keySet()) {
        assertThat(
                regions.stream().filter(r -> r.getImageId().equals(id)).map(RegionScore::getRoiId))
            .containsExactlyInAnyOrder("whole", "road", "car");
      }
      var letters = decode(out.get("images.dlq"), DeadLetter.class, registry);
      Map<String, DeadLetter> byImage = new HashMap<>();
      letters.forEach(l -> byImage.put(String.valueOf(l.getImageId()), l));
      assertThat(byImage.get("corrupt").getStage()).isEqualTo(FailedStage.DECODE);
      assertThat(byImage.get("oversize").getStage()).isEqualTo(FailedStage.DECODE);
      assertThat(byImage.get("oversize").getReason()).contains(Integer.toString(MAX_BYTES));
      assertThat(byImage.get("null").getStage()).isEqualTo(FailedStage.DESERIALIZE);

      for (List<byte[]> values : out.values()) {
        for (byte[] value : values) {
          assertThat(value[0]).as("Confluent magic byte").isEqualTo((byte) 0);
          int id = ByteBuffer.wrap(value, 1, 4).getInt();
          assertThat(registry.schemaById(id)).isNotNull();
        }
      }
      assertThat(service.running()).as("the service survives bad input").isTrue();
    }
  }

  private static ImageEvent event(String id, byte[] bytes, List<RoiHint> rois) {
    return ImageEventFactory.inline("cam-1", id, Instant.now(), bytes, rois);
  }

  private static Map<String, List<byte[]>> consume(
      IqmonConfig config, Map<String, Integer> expected) {
    var props = Clients.consumer(config, "e2e-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, List<byte[]>> out = new HashMap<>();
    expected.keySet().forEach(t -> out.put(t, new ArrayList<>()));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(expected.keySet());
      while (System.nanoTime() < deadline
          && expected.entrySet().stream()
              .anyMatch(e -> out.get(e.getKey()).size() < e.getValue())) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.get(r.topic()).add(r.value());
        }
      }
      // A little longer: nothing more than expected may arrive.
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
        out.get(r.topic()).add(r.value());
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    out.forEach((topic, values) -> counts.put(topic, values.size()));
    assertThat(counts).isEqualTo(expected);
    return out;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
      List<byte[]> values, Class<T> type, SchemaRegistry registry) {
    var deserializer = AvroSerde.forValues(type, registry).deserializer();
    return values.stream().map(v -> deserializer.deserialize("any", v)).toList();
  }

  private static byte[] sample(String name) throws java.io.IOException {
    try (InputStream in = EndToEndIT.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }
}
