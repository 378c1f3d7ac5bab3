package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import dev.iqmon.stream.FeedRouting;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds published as librdkafka publishes them by default (CRC32 of the key) land on other
 * partitions than Kafka's Java client gives their ids; they are scored, counted as misrouted, and
 * answer their queries like a feed published by the Java client.
 */
class AnyPartitionerIT {

  private static final int PARTITIONS = 4;
  private static final int IMAGES = 4;
  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path state;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  /** Feeds that CRC32 puts on another partition than murmur2. */
  private static List<String> crcFeeds() {
    return IntStream.range(0, 100)
        .mapToObj(i -> "crc-" + i)
        .filter(feed -> crc(feed) != FeedRouting.javaPartition(bytes(feed), PARTITIONS))
        .limit(3)
        .toList();
  }

  private static int crc(String feed) {
    return Crc32Partitioner.partition(bytes(feed), PARTITIONS);
  }

  private static byte[] bytes(String feed) {
    return feed.getBytes(StandardCharsets.UTF_8);
  }

  private static IqmonConfig config(int httpPort) {
    String app = "any-partitioner";
    return new ConfigLoader()
        .set("kafka.bootstrap-servers=" + cluster.bootstrapServers())
        .set("kafka.application-id=" + app)
        .set("kafka.state-dir=" + state)
        .set("registry.url=" + cluster.registryUrl())
        .set("topics.partitions=" + PARTITIONS)
        .set("topics.images=" + app + "-images")
        .set("topics.region-scores=" + app + "-regions")
        .set("topics.image-quality=" + app + "-quality")
        .set("topics.alerts=" + app + "-alerts")
        .set("topics.trends=" + app + "-trends")
        .set("topics.dead-letters=" + app + "-dlq")
        .set("topics.thumbnails=" + app + "-thumbnails")
        .set("alerts.frozen-feed.repeats=" + (IMAGES - 1))
        .set("metrics.bind-address=127.0.0.1")
        .set("metrics.advertised-host=127.0.0.1")
        .set("metrics.port=" + httpPort)
        .load();
  }

  @Test
  @Timeout(180)
  void shouldAnswerQueriesForFeedsPublishedWithLibrdkafkasDefaultPartitioner() throws Exception {
    IqmonConfig config = config(freePort());
    SchemaRegistry registry = Clients.registry(config);
    List<String> crcFeeds = crcFeeds();
    String javaFeed = "java-0";
    byte[] jpeg = ImageEncoder.jpeg(new ImageDecoder().decode(sample(), null).image(), 90);
    try (IqmonService service = IqmonService.start(config);
        var crcProducer = producer(config, registry, Crc32Partitioner.class);
        var javaProducer = Clients.imageProducer(config, registry)) {
      String topic = config.topics().images();
      // One minute for every image, so that each open window holds all of a feed's images.
      Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      for (int i = 0; i < IMAGES; i++) {
        Instant at = minute.plusMillis(i);
        for (String feed : crcFeeds) {
          crcProducer.send(new ProducerRecord<>(topic, feed, event(feed, i, at, jpeg))).get();
        }
        javaProducer.send(new ProducerRecord<>(topic, javaFeed, event(javaFeed, i, at, jpeg)));
      }
      javaProducer.flush();
      awaitScored(config, registry, Stream.concat(crcFeeds.stream(), Stream.of(javaFeed)).toList());

      String base = "http://127.0.0.1:" + service.metricsPort() + "/feeds/";
      for (String feed : Stream.concat(crcFeeds.stream(), Stream.of(javaFeed)).toList()) {
        JsonNode trends = get(base + feed + "/trends");
        assertThat(trends.path("windows").findValues("count"))
            .as(feed + "'s open windows")
            .isNotEmpty()
            .allSatisfy(count -> assertThat(count.asLong()).isEqualTo(IMAGES));
        JsonNode alerts = get(base + feed + "/alerts");
        assertThat(alerts.path("firing").findValuesAsText("alertId"))
            .as(feed + "'s firing alerts")
            .contains(feed + "/whole/frozen-feed");
      }
      double misrouted = service.meters().get("iqmon.misrouted.records").counter().count();
      assertThat(misrouted).isEqualTo(crcFeeds.size() * IMAGES);
    }
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static KafkaProducer<String, ImageEvent> producer(
      IqmonConfig config, SchemaRegistry registry, Class<?> partitioner) {
    Properties props = Clients.producer(config);
    props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner.getName());
    return new KafkaProducer<>(
        props,
        new StringSerializer(),
        AvroSerde.forValues(ImageEvent.class, registry).serializer());
  }

  /** Waits until every image of every feed has its result on the image-quality topic. */
  private static void awaitScored(IqmonConfig config, SchemaRegistry registry, List<String> feeds) {
    Properties props = Clients.consumer(config, "any-partitioner-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    var results = AvroSerde.forValues(ImageQuality.class, registry).deserializer();
    Map<String, Integer> scored = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(config.topics().imageQuality()));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (feeds.stream().anyMatch(f -> scored.getOrDefault(f, 0) < IMAGES)) {
        assertThat(System.nanoTime()).as("results so far: " + scored).isLessThan(deadline);
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          scored.merge(results.deserialize(r.topic(), r.value()).getFeedId(), 1, Integer::sum);
        }
      }
    }
  }

  private static ImageEvent event(String feed, int i, Instant at, byte[] jpeg) {
    return ImageEventFactory.inline(feed, feed + "-" + i, at, jpeg, List.of());
  }

  private static byte[] sample() throws java.io.IOException {
    try (InputStream in = AnyPartitionerIT.class.getResourceAsStream("/samples/coffee.png")) {
      return in.readAllBytes();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
