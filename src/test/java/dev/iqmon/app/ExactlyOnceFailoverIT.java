package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.alerts.AlertEvent;
import dev.iqmon.alerts.AlertKey;
import dev.iqmon.alerts.AlertRules;
import dev.iqmon.alerts.EpisodeRule;
import dev.iqmon.alerts.EpisodeState;
import dev.iqmon.alerts.Reading;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
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
import dev.iqmon.trends.WindowSlicing;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances share a stream of images; one runs in a JVM of its own and is killed (SIGKILL, no
 * shutdown of any kind) while images keep coming. Read with {@code read_committed}, the outputs
 * must hold every region score, trend window and alert episode exactly once, and say exactly what
 * an uninterrupted run over the same committed scores says. The classical model scores, so the
 * test's pace does not hang on the learned model's speed on a busy machine.
 */
class ExactlyOnceFailoverIT {

  // Capture times near the broker's clock: records far older than the topics' retention would be
  // rolled out and deleted as soon as they are written.
  private static final Instant T0 =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
  private static final int FEEDS = 8;
  private static final int ROUNDS = 240;
  private static final int ROUNDS_PER_SECOND = 8;
  private static final int CLOSER_SECOND = ROUNDS + 100;
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path work;

  /**
   * The instances' config; the one to be killed commits every 2 s, so that it dies with a
   * transaction open and its output in the log, uncommitted.
   */
  private static String yaml(String stateDir, int httpPort, int commitMs) {
    return """
        kafka:
          bootstrap-servers: %s
          application-id: iqmon-failover
          state-dir: %s
          properties:
            session.timeout.ms: "6000"
            heartbeat.interval.ms: "1000"
            commit.interval.ms: "%d"
        registry: {url: "%s"}
        topics: {partitions: 4}
        model: {kind: classical}

        metrics: {port: %d, advertised-host: 127.0.0.1}
        alerts:
          low-score: {fire-below: 40, resolve-at-or-above: 50, consecutive: 3}
          low-score-share: {enabled: false}
          baseline-drop: {enabled: false}
          distortion-onset: {enabled: false}
          silent-feed: {enabled: false}
          frozen-feed: {enabled: false}
          scene-change: {enabled: false}
          signal-loss: {enabled: false}
          lens-blocked: {enabled: false}
          feed-lag: {enabled: false}
        trends:
          windows:
            - {name: 10s, size: 10s, grace: 2s}
            - {name: 30s, size: 30s, advance: 10s, grace: 2s}
          baseline: {window: 10s, alpha: 0.5, warm-up: 1}
        """
        .formatted(cluster.bootstrapServers(), stateDir, commitMs, cluster.registryUrl(), httpPort);
  }

  @Test
  void shouldPublishEveryWindowAndAlertEpisodeExactlyOnceWhenAnInstanceDies() throws Exception {
    int childPort = freePort();
    int survivorPort = freePort();
    Path childConfig = work.resolve("child.yaml");
    Files.writeString(childConfig, yaml(work.resolve("child-state").toString(), childPort, 2000));
    IqmonConfig config =
        new ConfigLoader()
            .text(yaml(work.resolve("survivor-state").toString(), survivorPort, 100), "test")
            .load();
    String child = "127.0.0.1:" + childPort;
    String survivor = "127.0.0.1:" + survivorPort;

    Process process = startChild(childConfig);
    try {
      await("the child instance is up", () -> status(child, "/health") == 200);
      Publisher publisher = new Publisher(config);
      Thread publishing = new Thread(publisher, "failover-publisher");
      publishing.start();
      try (IqmonService service = IqmonService.start(config)) {
        await(
            "both instances hold feeds, and queries are forwarded between them",
            () -> servedBy(survivor).containsAll(Set.of(child, survivor)));
        await("the child has scored images", () -> imagesScored(child) >= 100);
        await("a third of the images are out", () -> publisher.round.get() >= ROUNDS / 3);
        Set<TopicPartition> childOutputs = outputsOf(child, survivor);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
          await("the child is in a transaction", () -> openTransaction(admin, childOutputs));
          process.destroyForcibly().waitFor();
        }
        System.out.printf(
            "Killed the child, holding %s, in a transaction at round %d%n",
            childOutputs, publisher.round.get());

        publishing.join();
        await("the survivor holds every feed", () -> servedBy(survivor).equals(Set.of(survivor)));
        Outputs out = Outputs.read(config, FEEDS * (ROUNDS + 1), expectedWindowCount(config));
        check(config, out);
        assertThat(service.running()).isTrue();
      }
    } finally {
      process.destroyForcibly();
    }
  }

  private static Process startChild(Path config) throws IOException {
    // Kept after the test, for a look at what the killed instance did.
    Path log = Path.of("target", "failover-child.log").toAbsolutePath();
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Publishes one image per feed per round, clean or blurred in runs, then a closing image. */
  private static final class Publisher implements Runnable {
    final AtomicInteger round = new AtomicInteger();
    private final IqmonConfig config;
    private final byte[] clean;
    private final byte[] blurred;

    Publisher(IqmonConfig config) throws IOException {
      this.config = config;
      RgbImage crop = crop(sample(), 192, 144);
      this.clean = ImageEncoder.png(crop);
      this.blurred = ImageEncoder.png(ImageDistortions.gaussianBlur(crop, 4.0));
    }

    @Override
    public void run() {
      SchemaRegistry registry = Clients.registry(config);
      try (var producer =
          new KafkaProducer<>(
              Clients.producer(config),
              new StringSerializer(),
              AvroSerde.forValues(ImageEvent.class, registry).serializer())) {
        long start = System.nanoTime();
        for (int r = 0; r <= ROUNDS; r++) {
          int second = r == ROUNDS ? CLOSER_SECOND : r;
          for (int f = 0; f < FEEDS; f++) {
            String feed = "cam-" + f;
            byte[] image = blurredAt(f, r) ? blurred : clean;
            producer.send(
                new ProducerRecord<>(
                    "images",
                    feed,
                    ImageEventFactory.inline(
                        feed, feed + "-" + second, T0.plusSeconds(second), image, List.of())));
          }
          round.set(r + 1);
          sleepUntil(start + (r + 1) * 1_000_000_000L / ROUNDS_PER_SECOND);
        }
        producer.flush();
      }
    }

    /** Runs of 8 to 15 blurred images, at a different phase for each feed. */
    private static boolean blurredAt(int feed, int round) {
      int period = 20 + 2 * feed;
      return (round + 3 * feed) % period < period / 2;
    }
  }

  private void check(IqmonConfig config, Outputs out) {
    // Every image scored exactly once.
    assertThat(out.deadLetters())
        .extracting(l -> l.getImageId() + ": " + l.getStage() + " " + l.getReason())
        .isEmpty();
    Map<String, Long> perImage =
        out.regions.stream()
            .collect(Collectors.groupingBy(RegionScore::getImageId, Collectors.counting()));
    Set<String> missing = new java.util.TreeSet<>();
    for (int f = 0; f < FEEDS; f++) {
      for (int r = 0; r <= ROUNDS; r++) {
        missing.add("cam-" + f + "-" + (r == ROUNDS ? CLOSER_SECOND : r));
      }
    }
    missing.removeAll(perImage.keySet());
    assertThat(missing).as("images without a committed score").isEmpty();
    assertThat(perImage).hasSize(FEEDS * (ROUNDS + 1));
    assertThat(perImage.values()).containsOnly(1L);

    // Every trend window exactly once, with exactly the images it covers.
    Map<String, List<QualityTrend>> perWindow =
        out.trends.stream().collect(Collectors.groupingBy(ExactlyOnceFailoverIT::windowKey));
    assertThat(perWindow.values()).allMatch(list -> list.size() == 1);
    Map<String, List<Double>> expected =
        expectedWindows(config, out.regions.stream().map(Sample::of).toList());
    assertThat(perWindow.keySet()).isEqualTo(expected.keySet());
    for (var e : expected.entrySet()) {
      QualityTrend trend = perWindow.get(e.getKey()).get(0);
      assertThat(trend.getCount()).as(e.getKey()).isEqualTo(e.getValue().size());
      double mean = e.getValue().stream().mapToDouble(d -> d).average().orElseThrow();
      assertThat(trend.getMean())
          .as(e.getKey())
          .isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-6));
    }

    // The baseline carried on across the failover: each 10 s window's baseline is the moving
    // average of the earlier windows' means.
    for (int f = 0; f < FEEDS; f++) {
      String feed = "cam-" + f;
      List<QualityTrend> windows =
          out.trends.stream()
              .filter(t -> t.getFeedId().equals(feed) && t.getWindow().equals("10s"))
              .sorted(java.util.Comparator.comparing(QualityTrend::getWindowStart))
              .toList();
      Double baseline = null;
      for (QualityTrend t : windows) {
        if (baseline == null) {
          assertThat(t.getBaseline()).isNull();
        } else {
          assertThat(t.getBaseline())
              .as(windowKey(t))
              .isCloseTo(baseline, org.assertj.core.data.Offset.offset(1e-6));
        }
        baseline = baseline == null ? t.getMean() : baseline + 0.5 * (t.getMean() - baseline);
      }
    }

    // Every alert episode exactly once: the same records as the rule run over the committed
    // scores, in order, without the crash.
    Map<String, List<String>> alerts = new TreeMap<>();
    out.alerts.forEach(
        a -> alerts.computeIfAbsent(a.getFeedId(), k -> new ArrayList<>()).add(describe(a)));
    Map<String, List<String>> replayed = replay(config, out.regions);
    assertThat(alerts).isEqualTo(replayed);
    long episodes = out.alerts.stream().map(QualityAlert::getEpisodeId).distinct().count();
    assertThat(episodes).as("alert episodes").isGreaterThan(3L * FEEDS);
    assertThat(out.abortedRegions())
        .as("output of the killed instance's open transaction, in the log but never read")
        .isPositive();
    System.out.printf(
        "Committed: %d region scores, %d trend windows, %d alert records (%d episodes); "
            + "%d region score records of aborted transactions in the log%n",
        out.regions.size(), out.trends.size(), out.alerts.size(), episodes, out.abortedRegions);
  }

  private static String windowKey(QualityTrend t) {
    return t.getFeedId() + "/" + t.getRoiLabel() + "/" + t.getWindow() + "@" + t.getWindowStart();
  }

  private static String describe(QualityAlert a) {
    return a.getAlertId()
        + " "
        + a.getState()
        + " "
        + a.getEpisodeId()
        + " "
        + a.getFiredAt()
        + (a.getState() == AlertState.RESOLVED ? " " + a.getResolvedAt() : "");
  }

  /** A region score as the checks see it. */
  private record Sample(String feed, String label, long time, double score) {
    static Sample of(RegionScore r) {
      return new Sample(
          r.getFeedId(), r.getLabel(), r.getCaptureTime().toEpochMilli(), r.getScore());
    }
  }

  /** The windows closed by the closing images, by the key of {@link #windowKey}, with scores. */
  private static Map<String, List<Double>> expectedWindows(
      IqmonConfig config, List<Sample> samples) {
    WindowSlicing slicing = slicing(config);
    long closer = T0.plusSeconds(CLOSER_SECOND).toEpochMilli();
    Map<String, List<Double>> out = new TreeMap<>();
    for (Sample r : samples) {
      for (WindowSlicing.Spec spec : slicing.specs()) {
        for (WindowSlicing.Window w : slicing.containing(spec, r.time())) {
          if (w.closesAt() <= closer) {
            String key =
                r.feed() + "/" + r.label() + "/" + w.name() + "@" + Instant.ofEpochMilli(w.start());
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(r.score());
          }
        }
      }
    }
    return out;
  }

  /** How many trend windows the images to be published will close. */
  private static int expectedWindowCount(IqmonConfig config) {
    List<Sample> planned = new ArrayList<>();
    for (int f = 0; f < FEEDS; f++) {
      for (int s = 0; s < ROUNDS; s++) {
        planned.add(new Sample("cam-" + f, "whole", T0.plusSeconds(s).toEpochMilli(), 0));
      }
    }
    return expectedWindows(config, planned).size();
  }

  private static WindowSlicing slicing(IqmonConfig config) {
    return new WindowSlicing(
        config.trends().windows().stream()
            .map(
                w ->
                    new WindowSlicing.Spec(
                        w.name(), w.size().toMillis(), w.step().toMillis(), w.grace().toMillis()))
            .toList());
  }

  /** The low-score rule of each feed over its committed scores, in the order they were made. */
  private static Map<String, List<String>> replay(IqmonConfig config, List<RegionScore> regions) {
    Map<String, List<String>> out = new TreeMap<>();
    Map<String, EpisodeState> states = new HashMap<>();
    for (RegionScore r : regions) {
      EpisodeRule rule =
          AlertRules.of(config.alerts().rulesFor(r.getFeedId(), r.getLabel()), null, null, 1)
              .lowScore();
      AlertKey key = AlertKey.of(r.getFeedId(), r.getLabel(), AlertRules.LOW_SCORE);
      EpisodeRule.Step step =
          rule.observe(
              states.getOrDefault(key.id(), EpisodeState.quiet()),
              key,
              Reading.ofImage(r.getCaptureTime().toEpochMilli(), r.getScore(), r.getImageId()));
      states.put(key.id(), step.state());
      step.event()
          .ifPresent(e -> out.computeIfAbsent(e.feedId(), k -> new ArrayList<>()).add(describe(e)));
    }
    return out;
  }

  private static String describe(AlertEvent e) {
    return e.alertId()
        + " "
        + (e.firing() ? "FIRING" : "RESOLVED")
        + " "
        + e.episodeId()
        + " "
        + Instant.ofEpochMilli(e.firedAt())
        + (e.firing() ? "" : " " + Instant.ofEpochMilli(e.resolvedAt()));
  }

  /** What the output topics hold, read with read_committed from the beginning. */
  private record Outputs(
      List<RegionScore> regions,
      List<QualityTrend> trends,
      List<QualityAlert> alerts,
      List<DeadLetter> deadLetters,
      long abortedRegions) {

    static Outputs read(IqmonConfig config, int regionCount, int trendCount) {
      SchemaRegistry registry = Clients.registry(config);
      var regionReader = AvroSerde.forValues(RegionScore.class, registry).deserializer();
      var trendReader = AvroSerde.forValues(QualityTrend.class, registry).deserializer();
      var alertReader = AvroSerde.forValues(QualityAlert.class, registry).deserializer();
      var letterReader = AvroSerde.forValues(DeadLetter.class, registry).deserializer();
      List<DeadLetter> letters = new ArrayList<>();
      List<RegionScore> regions = new ArrayList<>();
      List<QualityTrend> trends = new ArrayList<>();
      List<QualityAlert> alerts = new ArrayList<>();
      List<String> topics =
          List.of("region-scores", "quality-trends", "quality-alerts", "images.dlq");
      try (var consumer = consumer(config, "read_committed")) {
        assignAll(consumer, topics);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            switch (r.topic()) {
              case "region-scores" -> regions.add(regionReader.deserialize(r.topic(), r.value()));
              case "quality-trends" -> trends.add(trendReader.deserialize(r.topic(), r.value()));
              case "quality-alerts" -> alerts.add(alertReader.deserialize(r.topic(), r.value()));
              default -> letters.add(letterReader.deserialize(r.topic(), r.value()));
            }
          }
          if (quietUntil == Long.MAX_VALUE
              && regions.size() >= regionCount
              && trends.size() >= trendCount) {
            // A little longer: anything more would be a duplicate.
            quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
          }
        }
      }
      // Everything in the log, aborted transactions included.
      long everything = 0;
      try (var consumer = consumer(config, "read_uncommitted")) {
        assignAll(consumer, List.of("region-scores"));
        int empty = 0;
        while (empty < 4) {
          int n = consumer.poll(Duration.ofMillis(500)).count();
          everything += n;
          empty = n == 0 ? empty + 1 : 0;
        }
      }
      return new Outputs(regions, trends, alerts, letters, everything - regions.size());
    }

    private static KafkaConsumer<String, byte[]> consumer(IqmonConfig config, String isolation) {
      var props = Clients.consumer(config, "failover-check-" + isolation);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
      return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void assignAll(KafkaConsumer<String, byte[]> consumer, List<String> topics) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(String host, String path) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://" + host + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int status(String host, String path) {
    try {
      return get(host, path).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The instances that answered a query about each feed, asked of {@code host}. */
  private static Set<String> servedBy(String host) {
    Set<String> servers = new HashSet<>();
    for (int f = 0; f < FEEDS; f++) {
      try {
        HttpResponse<String> response = get(host, "/feeds/cam-" + f + "/alerts");
        if (response.statusCode() != 200) {
          return Set.of();
        }
        servers.add(response.headers().firstValue("X-Iqmon-Served-By").orElse("?"));
      } catch (IOException e) {
        return Set.of();
      }
    }
    return servers;
  }

  /** The region-scores partitions of the feeds that {@code child} holds, asked of another. */
  private static Set<TopicPartition> outputsOf(String child, String other) throws IOException {
    Set<TopicPartition> out = new HashSet<>();
    for (int f = 0; f < FEEDS; f++) {
      HttpResponse<String> response = get(other, "/feeds/cam-" + f + "/alerts");
      if (response.headers().firstValue("X-Iqmon-Served-By").orElse("").equals(child)) {
        byte[] key = ("cam-" + f).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.add(new TopicPartition("region-scores", Utils.toPositive(Utils.murmur2(key)) % 4));
      }
    }
    assertThat(out).as("partitions the child holds").isNotEmpty();
    return out;
  }

  /** Whether a partition has records past its last stable offset: a transaction is open. */
  private static boolean openTransaction(Admin admin, Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    try {
      var stable =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      var end =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .all()
              .get();
      return partitions.stream().anyMatch(p -> end.get(p).offset() > stable.get(p).offset());
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static double imagesScored(String host) {
    try {
      return get(host, "/metrics")
          .body()
          .lines()
          .filter(l -> l.startsWith("iqmon_images_total"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(250);
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleepUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RgbImage sample() throws IOException {
    try (InputStream in = ExactlyOnceFailoverIT.class.getResourceAsStream("/samples/coffee.png")) {
      return new ImageDecoder().decode(in.readAllBytes(), null).image();
    }
  }

  private static RgbImage crop(RgbImage image, int width, int height) {
    int x0 = (image.width() - width) / 2;
    int y0 = (image.height() - height) / 2;
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = image.rgb(x0 + x, y0 + y);
      }
    }
    return new RgbImage(width, height, pixels);
  }
}
