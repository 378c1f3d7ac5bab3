package dev.iqmon.stream;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.LevelProbabilities;
import dev.iqmon.avro.QualityLevel;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedKafka;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.ScoreLevel;
import dev.iqmon.schema.InMemorySchemaRegistry;
import dev.iqmon.trends.Baseline;
import dev.iqmon.trends.TrendAccumulator;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The throughput of the analytics part alone (trend windows, baselines, alert rules) on Kafka
 * Streams over the embedded broker, with the default windows and rules, exactly-once then
 * at-least-once on the same input, with the commit intervals they default to and exactly-once at 1
 * s; and the state it keeps per feed. Scored images come as they would from the scoring processor,
 * in memory: the input topic carries an image's index only and the deserializer builds the scored
 * image (its cost is measured apart). A command, not a test:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.iqmon.stream.AnalyticsBenchmark [-Dexec.args="100 3720"]
 * </pre>
 *
 * Arguments: feeds, images per feed (one a second of capture time; 3720 covers the hour window, its
 * grace and a minute more, so the state is what a feed keeps in steady state).
 */
public final class AnalyticsBenchmark {

  // Capture times within the topics' retention (a week), or the broker would delete them.
  private static final long T0 =
      Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
  private static final List<String> LABELS = List.of("whole", "road", "door");
  private static final List<String> DISTORTIONS =
      List.of("blur", "colorfulness", "compression", "contrast", "exposure", "noise");
  private static final int PARTITIONS = 3;

  private AnalyticsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int feeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int perFeed = args.length > 1 ? Integer.parseInt(args[1]) : 3720;
    int images = feeds * perFeed;
    System.out.printf(
        "%d feeds x %d images (%d labels each: %d region records), default windows and rules%n",
        feeds, perFeed, LABELS.size(), images * LABELS.size());
    System.out.printf(
        "Building a scored image from its index: %.2f us%n", buildMicros(feeds, images));
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().port(0).start()) {
      run(kafka, "exactly_once_v2", 100, feeds, images);
      run(kafka, "exactly_once_v2", 1000, feeds, images);
      run(kafka, "at_least_once", 30_000, feeds, images);
    }
  }

  private static double buildMicros(int feeds, int images) {
    int n = Math.min(images, 200_000);
    long sink = 0;
    for (int warm = 0; warm < 2; warm++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += scored(i, feeds).regions().size();
      }
      if (warm == 1) {
        return (System.nanoTime() - start) / 1e3 / n + (sink == 0 ? 1 : 0);
      }
    }
    throw new IllegalStateException();
  }

  private static void run(
      EmbeddedKafka kafka, String guarantee, int commitMs, int feeds, int images) throws Exception {
    String suffix = (guarantee.startsWith("exactly") ? "eos-" : "alos-") + commitMs;
    String input = "bench-scored-" + suffix;
    kafka.createTopics(PARTITIONS, input, "bench-trends-" + suffix, "bench-alerts-" + suffix);
    produce(kafka, input, feeds, images);

    Path state = Files.createTempDirectory("iqmon-bench-");
    IqmonConfig config =
        new ConfigLoader()
            .set("kafka.bootstrap-servers=" + kafka.bootstrapServers())
            .set("kafka.application-id=bench-" + suffix)
            .set("kafka.processing-guarantee=" + guarantee)
            .set("kafka.state-dir=" + state)
            .set("topics.trends=bench-trends-" + suffix)
            .set("topics.alerts=bench-alerts-" + suffix)
            .load();
    AtomicLong processed = new AtomicLong();
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, ImageOutcome.Scored> scored =
        builder.stream(input, Consumed.with(Serdes.String(), indexSerde(feeds)));
    scored.peek(
        (feed, image) -> {
          long now = System.nanoTime();
          first.compareAndSet(0, now);
          last.set(now);
          processed.incrementAndGet();
        });
    AnalyticsTopology.add(
        builder,
        scored,
        config,
        new AvroSerdes(new InMemorySchemaRegistry(), true),
        IqmonMetrics.discarding());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      streams.start();
      while (processed.get() < images || !committed(admin, config, input, images)) {
        Thread.sleep(200);
      }
      double seconds = (last.get() - first.get()) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s, commit every %d ms: %.0f images/s, %.0f region records/s into the trend and"
              + " alert processors (%d images in %.1f s); out: %d trend windows, %d alert records%n",
          guarantee,
          commitMs,
          (images - 1) / seconds,
          (images - 1) * (double) LABELS.size() / seconds,
          images,
          seconds,
          count(kafka, "bench-trends-" + suffix),
          count(kafka, "bench-alerts-" + suffix));
      long stores = stateSize(streams, feeds);
      streams.close(Duration.ofSeconds(30));
      System.out.printf(
          Locale.ROOT,
          "  on disk after close (RocksDB files, all stores): %.1f KB per feed, for %.1f KB of"
              + " keys and values%n",
          diskBytes(state) / 1024.0 / feeds,
          stores / 1024.0 / feeds);
    }
  }

  private static void produce(EmbeddedKafka kafka, String topic, int feeds, int images) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    // Plain, in order, patient: the input is setup, not what is measured.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), Serdes.Integer().serializer())) {
      for (int i = 0; i < images; i++) {
        long captured = T0 + (i / feeds) * 1000L;
        producer.send(new ProducerRecord<>(topic, null, captured, feed(i % feeds), i));
      }
      producer.flush();
    }
  }

  private static String feed(int f) {
    return "feed-" + f;
  }

  /** Index in, scored image out; the feed and capture time follow from the index. */
  private static Serde<ImageOutcome.Scored> indexSerde(int feeds) {
    return Serdes.serdeFrom(
        (topic, image) -> {
          throw new UnsupportedOperationException("input only");
        },
        (topic, bytes) -> scored(ByteBuffer.wrap(bytes).getInt(), feeds));
  }

  /**
   * Image {@code index}: feed {@code index % feeds}, captured one second after the feed's previous
   * one; scores around 80, around 25 with blur for two minutes in ten, frozen for a minute in an
   * hour.
   */
  static ImageOutcome.Scored scored(int index, int feeds) {
    int feed = index % feeds;
    int n = index / feeds;
    Instant captured = Instant.ofEpochMilli(T0 + n * 1000L);
    boolean degraded = (n + 37 * feed) % 600 < 120;
    boolean frozen = (n + 53 * feed) % 3600 < 60;
    SplittableRandom random = new SplittableRandom(index);
    String imageId = feed(feed) + "-" + n;
    List<RegionScore> regions = new ArrayList<>(LABELS.size());
    for (String label : LABELS) {
      double score =
          Math.max(0, Math.min(100, (degraded ? 25 : 80) + 8 * (random.nextDouble() * 2 - 1)));
      Map<String, Double> distortions = new TreeMap<>();
      for (String type : DISTORTIONS) {
        distortions.put(type, type.equals("blur") && degraded ? 0.85 : 0.2 * random.nextDouble());
      }
      regions.add(
          RegionScore.newBuilder()
              .setFeedId(feed(feed))
              .setImageId(imageId)
              .setCaptureTime(captured)
              .setRoiId(label)
              .setLabel(label)
              .setSource(label.equals("whole") ? RoiSource.WHOLE : RoiSource.STATIC)
              .setBox(new Box(0.0, 0.0, 640.0, 480.0))
              .setAreaFraction(1.0)
              .setScore(score)
              .setLevel(QualityLevel.valueOf(ScoreLevel.ofScore(score).name()))
              .setLevels(new LevelProbabilities(0.2, 0.2, 0.2, 0.2, 0.2))
              .setDistortions(distortions)
              .setImportance(0.5)
              .setIndicators(Map.of())
              .setModelId("bench")
              .setModelVersion("1")
              .build());
    }
    RegionScore whole = regions.get(0);
    ImageQuality image =
        ImageQuality.newBuilder()
            .setFeedId(feed(feed))
            .setImageId(imageId)
            .setCaptureTime(captured)
            .setWidth(640)
            .setHeight(480)
            .setContentType("image/jpeg")
            .setScore(whole.getScore())
            .setLevel(whole.getLevel())
            .setLevels(whole.getLevels())
            .setDistortions(whole.getDistortions())
            .setRegions(List.of())
            .setStageMillis(Map.of())
            .setModelId("bench")
            .setModelVersion("1")
            .setContentHash(frozen ? "frozen-" + feed : Integer.toHexString(index))
            .build();
    return new ImageOutcome.Scored(image, regions);
  }

  private static boolean committed(Admin admin, IqmonConfig config, String topic, int images)
      throws Exception {
    var offsets =
        admin
            .listConsumerGroupOffsets(config.kafka().applicationId())
            .partitionsToOffsetAndMetadata()
            .get();
    long sum = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      var o = offsets.get(new TopicPartition(topic, p));
      sum += o == null ? 0 : o.offset();
    }
    return sum >= images;
  }

  /** The committed records of a topic (end offsets would count transaction markers too). */
  private static long count(EmbeddedKafka kafka, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long n = 0;
    try (var consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int empty = 0;
      while (empty < 3) {
        int got = consumer.poll(Duration.ofMillis(300)).count();
        n += got;
        empty = got == 0 ? empty + 1 : 0;
      }
    }
    return n;
  }

  /** Keys and values as the stores serialize them, summed per store, per feed. */
  private static long diskBytes(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long stateSize(KafkaStreams streams, int feeds) {
    long slices = windowBytes(streams, AnalyticsStores.TREND_SLICES, acc -> acc.toBytes().length);
    long baselines =
        keyValueBytes(streams, AnalyticsStores.TREND_BASELINES, JsonSerde.of(Baseline.class));
    long alerts =
        keyValueBytes(streams, AnalyticsStores.ALERT_STATE, JsonSerde.of(LabelAlerts.class));
    long activity =
        keyValueBytes(streams, AnalyticsStores.FEED_ACTIVITY, JsonSerde.of(FeedActivity.class));
    long total = slices + baselines + alerts + activity;
    System.out.printf(
        Locale.ROOT,
        "  state per feed (%d labels): %.1f KB = trend slices %.1f KB + baselines %.2f KB"
            + " + alert episodes %.2f KB + feed activity %.2f KB%n",
        LABELS.size(),
        total / 1024.0 / feeds,
        slices / 1024.0 / feeds,
        baselines / 1024.0 / feeds,
        alerts / 1024.0 / feeds,
        activity / 1024.0 / feeds);
    return total;
  }

  private static long windowBytes(
      KafkaStreams streams, String store, ToLongFunction<TrendAccumulator> size) {
    long bytes = 0;
    try (KeyValueIterator<Windowed<String>, TrendAccumulator> it =
        streams
            .store(
                StoreQueryParameters.fromNameAndType(
                    store, QueryableStoreTypes.<String, TrendAccumulator>windowStore()))
            .all()) {
      while (it.hasNext()) {
        var kv = it.next();
        // Window store keys: the key, the window start and a sequence number.
        bytes += kv.key.key().length() + 12 + size.applyAsLong(kv.value);
      }
    }
    return bytes;
  }

  private static <V> long keyValueBytes(KafkaStreams streams, String store, Serde<V> serde) {
    long bytes = 0;
    try (KeyValueIterator<String, V> it =
        streams
            .store(
                StoreQueryParameters.fromNameAndType(
                    store, QueryableStoreTypes.<String, V>keyValueStore()))
            .all()) {
      while (it.hasNext()) {
        var kv = it.next();
        bytes += kv.key.length() + serde.serializer().serialize(store, kv.value).length;
      }
    }
    return bytes;
  }
}
