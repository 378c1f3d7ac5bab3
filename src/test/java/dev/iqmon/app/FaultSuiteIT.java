package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.embedded.EmbeddedKafka;
import dev.iqmon.embedded.TcpProxy;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Faults on a real broker and registry: bad input of every kind published together, a registry that
 * goes away while images flow, and a broker that restarts while they flow. Every record in comes
 * out once, as a result or a dead letter, feed by feed.
 */
class FaultSuiteIT {

  private static final int MAX_BYTES = 700_000;
  private static final String NO_KEY = "(no key)";
  private static final Duration BROKER_OUTAGE = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path work;

  private static IqmonConfig config(String appId, String registryUrl) {
    return loader(appId, registryUrl).load();
  }

  private static ConfigLoader loader(String appId, String registryUrl) {
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
        .set("metrics.port=0");
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

  @Test
  @Timeout(420)
  void shouldScoreEveryImageOnceWhenTheBrokerRestartsWhileImagesFlow() throws Exception {
    int httpPort = freePort();
    String health = "http://127.0.0.1:" + httpPort + "/health";
    IqmonConfig config =
        loader("faults-broker", cluster.registryUrl())
            .set("metrics.port=" + httpPort)
            .set("dashboard.enabled=false")
            .load();
    SchemaRegistry registry = Clients.registry(config);
    EmbeddedKafka broker = cluster.kafka();
    try (IqmonService service = IqmonService.start(config);
        var producer = Clients.imageProducer(config, registry)) {
      service.awaitRunning(Duration.ofSeconds(60));
      Publisher publisher = new Publisher(producer, config.topics().images(), jpeg());
      Thread publishing = new Thread(publisher, "restart-publisher");
      publishing.setDaemon(true);
      publishing.start();
      await(
          () -> publisher.round.get() >= Publisher.ROUNDS / 6,
          Duration.ofSeconds(60),
          "images flowing");

      long stopped = 0;
      try {
        broker.shutDown();
        stopped = System.nanoTime();
        await(() -> status(health) == 503, Duration.ofSeconds(25), "/health DOWN, broker gone");
        System.out.printf(
            "Broker down at round %d; /health DOWN after %d ms%n",
            publisher.round.get(), millisSince(stopped));
        Thread.sleep(Math.max(0, BROKER_OUTAGE.toMillis() - millisSince(stopped)));
      } finally {
        broker.restart();
      }
      long restarted = System.nanoTime();
      System.out.printf(
          "Broker up again after %d ms down, at round %d%n",
          millisSince(stopped), publisher.round.get());
      await(() -> status(health) == 200, Duration.ofSeconds(120), "/health UP, broker back");
      System.out.printf("/health UP %d ms after the restart%n", millisSince(restarted));

      publishing.join();
      producer.flush();
      assertThat(publisher.failures).as("sends that failed").isEmpty();
      Outcomes out = new Outcomes(config, registry, "broker-check");
      out.awaitConserved(Publisher.perFeed(), Duration.ofSeconds(180));
      out.close();
      System.out.printf(
          "Conserved %d ms after the restart: results %s, dead letters %s%n",
          millisSince(restarted), out.results, out.letters);

      assertThat(out.resultImages).as("each good image scored once").isEqualTo(Publisher.good());
      assertThat(out.letterImages)
          .as("each bad image dead-lettered once")
          .isEqualTo(Publisher.bad());
      assertThat(status(health)).as("/health at the end").isEqualTo(200);
    }
  }

  /** Publishes one image per feed per round, a few rounds a second; one in ten is not an image. */
  private static final class Publisher implements Runnable {
    static final List<String> FEEDS = List.of("ba", "bb", "bc");
    static final int ROUNDS = 120;
    static final int ROUNDS_PER_SECOND = 2;
    final AtomicInteger round = new AtomicInteger();
    final List<Exception> failures = new CopyOnWriteArrayList<>();
    private final KafkaProducer<String, ImageEvent> producer;
    private final String topic;
    private final byte[] jpeg;

    Publisher(KafkaProducer<String, ImageEvent> producer, String topic, byte[] jpeg) {
      this.producer = producer;
      this.topic = topic;
      this.jpeg = jpeg;
    }

    static boolean isBad(int r) {
      return r % 10 == 9;
    }

    static Map<String, Long> perFeed() {
      Map<String, Long> perFeed = new TreeMap<>();
      FEEDS.forEach(feed -> perFeed.put(feed, (long) ROUNDS));
      return perFeed;
    }

    static Map<String, Long> good() {
      return images(false);
    }

    static Map<String, Long> bad() {
      return images(true);
    }

    private static Map<String, Long> images(boolean bad) {
      Map<String, Long> images = new TreeMap<>();
      for (String feed : FEEDS) {
        for (int r = 0; r < ROUNDS; r++) {
          if (isBad(r) == bad) {
            images.put(feed + "/img-" + r, 1L);
          }
        }
      }
      return images;
    }

    @Override
    public void run() {
      byte[] notAnImage = "hello, not an image".getBytes(StandardCharsets.UTF_8);
      try {
        for (int r = 0; r < ROUNDS; r++) {
          for (String feed : FEEDS) {
            ImageEvent event = inline(feed, "img-" + r, isBad(r) ? notAnImage : jpeg);
            producer.send(
                new ProducerRecord<>(topic, feed, event),
                (meta, e) -> {
                  if (e != null) {
                    failures.add(e);
                  }
                });
          }
          round.incrementAndGet();
          Thread.sleep(1000 / ROUNDS_PER_SECOND);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
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
    final Map<String, Long> resultImages = new TreeMap<>();
    final Map<String, Long> letterImages = new TreeMap<>();
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
            ImageQuality quality = qualities.deserialize(r.topic(), r.value());
            results.merge(quality.getFeedId(), 1L, Long::sum);
            resultImages.merge(quality.getFeedId() + "/" + quality.getImageId(), 1L, Long::sum);
          } else {
            letters.merge(key, 1L, Long::sum);
            DeadLetter letter = deadLetters.deserialize(r.topic(), r.value());
            letterImages.merge(key + "/" + letter.getImageId(), 1L, Long::sum);
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
