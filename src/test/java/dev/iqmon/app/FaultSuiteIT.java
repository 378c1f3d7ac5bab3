package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.embedded.TcpProxy;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real broker and registry: bad input of every kind published together, and a registry
 * that goes away while images flow. Every record in comes out once, as a result or a dead letter,
 * feed by feed.
 */
class FaultSuiteIT {

  private static final int MAX_BYTES = 700_000;
  private static final String NO_KEY = "(no key)";
  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path work;

  private static IqmonConfig config(String appId, String registryUrl) {
    return new ConfigLoader()
        .set("kafka.bootstrap-servers=" + cluster.bootstrapServers())
        .set("kafka.application-id=" + appId)
        .set("kafka.state-dir=" + work.resolve(appId))
        .set("registry.url=" + registryUrl)
        .set("topics.images=" + appId + "-images")
        .set("topics.region-scores=" + appId + "-regions")
        .set("topics.image-quality=" + appId + "-quality")
        .set("topics.alerts=" + appId + "-alerts")
        .set("topics.trends=" + appId + "-trends")
        .set("topics.dead-letters=" + appId + "-dlq")
        .set("images.max-bytes=" + MAX_BYTES)
        .set("images.fetch.file-roots=[\"" + work.resolve("spool") + "\"]")
        .set("metrics.port=0")
        .load();
  }

  @Test
  @Timeout(240)
  void shouldConserveCountsFeedByFeedForEveryKindOfBadInputPublishedTogether() throws Exception {
    IqmonConfig config = config("faults-matrix", cluster.registryUrl());
    SchemaRegistry registry = Clients.registry(config);
    byte[] jpeg = jpeg();
    Path spool = Files.createDirectories(work.resolve("spool"));
    Path inSpool = Files.write(spool.resolve("frame.jpg"), jpeg);
    Path outside = Files.write(work.resolve("secret.txt"), "root:x:0:0\n".getBytes());
    String topic = config.topics().images();
    Map<String, Long> published = new TreeMap<>();
    try (IqmonService service = IqmonService.start(config);
        var producer = Clients.imageProducer(config, registry);
        var raw =
            new KafkaProducer<>(
                Clients.producer(config), new StringSerializer(), new ByteArraySerializer())) {
      var serializer = AvroSerde.forValues(ImageEvent.class, registry).serializer();
      for (String feed : List.of("fa", "fb")) {
        List<ImageEvent> events = new ArrayList<>();
        events.add(inline(feed, "jpeg", jpeg));
        events.add(inline(feed, "png", ImageEncoder.png(photo())));
        events.add(inline(feed, "webp", ImageEncoder.webp(photo(), 90)));
        events.add(inline(feed, "truncated", Arrays.copyOf(jpeg, jpeg.length / 3)));
        events.add(inline(feed, "oversize", sample("astronaut.png")));
        events.add(inline(feed, "text", "hello, not an image".getBytes()));
        events.add(inline(feed, "empty", new byte[0]));
        events.add(ref(feed, "in-spool", inSpool.toUri().toString()));
        events.add(ref(feed, "outside-roots", outside.toUri().toString()));
        events.add(ref(feed, "missing", spool.resolve("none.jpg").toUri().toString()));
        events.add(ref(feed, "etc-passwd", "file:/etc/passwd"));
        events.add(ref(feed, "http", "http://example.com/a.jpg"));
        events.add(ref(feed, "ftp", "ftp://example.com/a.jpg"));
        events.add(ref(feed, "not-a-uri", "::not a uri::"));
        ImageEvent both = inline(feed, "both", jpeg);
        both.setUri(inSpool.toUri().toString());
        events.add(both);
        ImageEvent neither = inline(feed, "neither", jpeg);
        neither.setData(null);
        events.add(neither);
        for (ImageEvent event : events) {
          producer.send(new ProducerRecord<>(topic, feed, event));
          published.merge(feed, 1L, Long::sum);
        }
        producer.send(
            new ProducerRecord<>(topic, "other-" + feed, inline(feed, "wrong-key", jpeg)));
        published.merge("other-" + feed, 1L, Long::sum);
        producer.send(new ProducerRecord<>(topic, null, inline(feed, "no-key", jpeg)));
        published.merge(NO_KEY, 1L, Long::sum);
        raw.send(new ProducerRecord<>(topic, feed, "not avro".getBytes(StandardCharsets.UTF_8)));
        raw.send(new ProducerRecord<>(topic, feed, null));
        byte[] unknownId = serializer.serialize(topic, inline(feed, "unknown-id", jpeg));
        ByteBuffer.wrap(unknownId).putInt(1, 987_654);
        raw.send(new ProducerRecord<>(topic, feed, unknownId));
        published.merge(feed, 3L, Long::sum);
      }
      producer.flush();
      raw.flush();

      Outcomes out = new Outcomes(config, registry, "matrix-check");
      out.awaitConserved(published, Duration.ofSeconds(150));
      out.close();
      // What each bad input produced, for the record of what was tried.
      out.letterByImage.forEach((image, what) -> System.out.println("DLQ " + image + " " + what));

      assertThat(out.results).containsOnlyKeys("fa", "fb");
      assertThat(out.results.values()).allMatch(n -> n == 4, "jpeg, png, webp and in-spool");
      assertThat(out.letterReasons)
          .noneMatch(reason -> reason.contains("root:") || reason.contains("72 6f 6f 74"));
      assertThat(service.running()).as("the service survives bad input").isTrue();
    }
  }

  @Test
  @Timeout(300)
  void shouldWaitForARegistryThatGoesAwayInsteadOfDeadLetteringGoodImages() throws Exception {
    try (TcpProxy proxy = new TcpProxy(cluster.registryPort())) {
      String viaProxy =
          cluster.registryUrl().replace(":" + cluster.registryPort(), ":" + proxy.port());
      IqmonConfig config = config("faults-registry", viaProxy);
      SchemaRegistry direct = Clients.registry(config("faults-registry", cluster.registryUrl()));
      String topic = config.topics().images();
      byte[] jpeg = jpeg();
      try (IqmonService service = IqmonService.start(config);
          var producer = Clients.imageProducer(config, direct)) {
        proxy.cut();
        for (int i = 0; i < 6; i++) {
          producer.send(new ProducerRecord<>(topic, "ra", inline("ra", "during-" + i, jpeg)));
          Thread.sleep(300);
        }
        producer.flush();
        await(() -> !service.running(), Duration.ofSeconds(60), "/health DOWN");
        await(
            () -> retries(service) >= 1,
            Duration.ofSeconds(60),
            "a stream thread waiting for the registry");
        Outcomes early = new Outcomes(config, direct, "registry-early");
        early.poll(Duration.ofSeconds(3));
        early.close();
        assertThat(early.letterReasons).as("dead letters during the outage").isEmpty();

        proxy.restore();
        for (int i = 0; i < 4; i++) {
          producer.send(new ProducerRecord<>(topic, "ra", inline("ra", "after-" + i, jpeg)));
        }
        producer.flush();
        Outcomes out = new Outcomes(config, direct, "registry-check");
        out.awaitConserved(Map.of("ra", 10L), Duration.ofSeconds(180));
        out.close();
        assertThat(out.results).containsEntry("ra", 10L);
        assertThat(out.letterReasons).isEmpty();
        await(service::running, Duration.ofSeconds(30), "/health UP again");
      }
    }
  }

  private static double retries(IqmonService service) {
    var counter =
        service.meters().find("iqmon.dependency.retries").tag("dependency", "registry").counter();
    return counter == null ? 0 : counter.count();
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** Results and dead letters read from the output topics, counted by record key. */
  private static final class Outcomes implements AutoCloseable {
    final Map<String, Long> results = new TreeMap<>();
    final Map<String, Long> letters = new TreeMap<>();
    final List<String> letterReasons = new ArrayList<>();
    final Map<String, String> letterByImage = new TreeMap<>();
    private final IqmonConfig config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final org.apache.kafka.common.serialization.Deserializer<DeadLetter> deadLetters;
    private final org.apache.kafka.common.serialization.Deserializer<ImageQuality> qualities;

    Outcomes(IqmonConfig config, SchemaRegistry registry, String group) {
      this.config = config;
      var props = Clients.consumer(config, group);
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(config.topics().imageQuality(), config.topics().deadLetters()));
      deadLetters = AvroSerde.forValues(DeadLetter.class, registry).deserializer();
      qualities = AvroSerde.forValues(ImageQuality.class, registry).deserializer();
    }

    void poll(Duration duration) {
      long deadline = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          String key = r.key() == null ? NO_KEY : r.key();
          if (r.topic().equals(config.topics().imageQuality())) {
            results.merge(qualities.deserialize(r.topic(), r.value()).getFeedId(), 1L, Long::sum);
          } else {
            letters.merge(key, 1L, Long::sum);
            DeadLetter letter = deadLetters.deserialize(r.topic(), r.value());
            letterReasons.add(letter.getReason());
            letterByImage.put(
                key + "/" + letter.getImageId(), letter.getStage() + ": " + letter.getReason());
          }
        }
      }
    }

    /** Polls until results plus dead letters match what was published, key by key; then 2 s. */
    void awaitConserved(Map<String, Long> published, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!conserved(published) && System.nanoTime() < deadline) {
        poll(Duration.ofMillis(500));
      }
      poll(Duration.ofSeconds(2)); // nothing more may come
      Map<String, Long> out = new TreeMap<>(letters);
      results.forEach((feed, n) -> out.merge(feed, n, Long::sum));
      assertThat(out).as("results + dead letters by key").isEqualTo(published);
    }

    private boolean conserved(Map<String, Long> published) {
      Map<String, Long> out = new TreeMap<>(letters);
      results.forEach((feed, n) -> out.merge(feed, n, Long::sum));
      return out.equals(published);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private static ImageEvent inline(String feed, String id, byte[] bytes) {
    return ImageEventFactory.inline(feed, id, Instant.now(), bytes, List.of());
  }

  private static ImageEvent ref(String feed, String id, String uri) {
    ImageEvent event = inline(feed, id, new byte[0]);
    event.setData(null);
    event.setUri(uri);
    return event;
  }

  private static RgbImage photo() throws java.io.IOException {
    return new ImageDecoder().decode(sample("coffee.png"), null).image();
  }

  private static byte[] jpeg() throws java.io.IOException {
    return ImageEncoder.jpeg(photo(), 90);
  }

  private static byte[] sample(String name) throws java.io.IOException {
    try (InputStream in = FaultSuiteIT.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }
}
