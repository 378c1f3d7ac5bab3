package dev.iqmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.avro.Box;
import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.LevelProbabilities;
import dev.iqmon.avro.QualityLevel;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.avro.RegionSummary;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.avro.ThumbnailRegion;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.Thumbnailer;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A fleet of synthetic feeds written straight to the result topics, as iqmon writes them, to load
 * the dashboard: a thumbnail, an image result and an hour of trend windows per feed, then image
 * results at a set rate. The scorer is left out on purpose: this measures the dashboard's path.
 */
final class FleetLoad {

  private final IqmonConfig config;
  private final SchemaRegistry registry;
  private final int feeds;
  private final Map<String, String> lastImage = new HashMap<>();
  private final Random random = new Random(12);
  private final Map<Class<?>, Serializer<?>> serializers = new HashMap<>();
  private static final int SEED_WINDOWS = 30;

  FleetLoad(IqmonConfig config, SchemaRegistry registry, int feeds) {
    this.config = config;
    this.registry = registry;
    this.feeds = feeds;
  }

  record Result(int sent, double seconds, long lastSentMillis) {}

  static String feed(int i) {
    return String.format("cam-%03d", i);
  }

  void seed() throws Exception {
    byte[] jpeg;
    RgbImage frame;
    try (InputStream in = FleetLoad.class.getResourceAsStream("/samples/chelsea.png")) {
      frame = new ImageDecoder().decode(in.readAllBytes(), null).image();
    }
    Thumbnailer.Thumbnail thumb = new Thumbnailer(320, 24576).of(frame);
    jpeg = thumb.jpeg();
    Instant now = Instant.now();
    try (var producer = producer()) {
      for (int i = 0; i < feeds; i++) {
        String feed = feed(i);
        double score = 20 + random.nextDouble() * 75;
        send(
            producer,
            config.topics().thumbnails(),
            feed,
            thumbnail(feed, now, jpeg, thumb, frame, score),
            FeedThumbnail.class);
        send(
            producer,
            config.topics().imageQuality(),
            feed,
            image(feed, feed + "-seed", now, score),
            ImageQuality.class);
        for (int w = SEED_WINDOWS; w > 0; w--) {
          send(
              producer,
              config.topics().trends(),
              feed,
              trend(feed, now.minusSeconds(2L * w), score),
              QualityTrend.class);
        }
      }
      producer.flush();
    }
  }

  /** Image results at {@code perSecond}, round robin over the feeds, for {@code duration}. */
  Result live(int perSecond, Duration duration) throws Exception {
    int total = (int) (perSecond * duration.toSeconds());
    long start = System.nanoTime();
    try (var producer = producer()) {
      for (int n = 0; n < total; n++) {
        long due = start + (long) (n * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        String feed = feed(n % feeds);
        String id = feed + "-live-" + n;
        send(
            producer,
            config.topics().imageQuality(),
            feed,
            image(feed, id, Instant.now(), 20 + random.nextDouble() * 75),
            ImageQuality.class);
        lastImage.put(feed, id);
      }
      producer.flush();
    }
    return new Result(total, (System.nanoTime() - start) / 1e9, System.currentTimeMillis());
  }

  /** JavaScript that is true once the page shows every feed's last image. */
  String caughtUpScript() {
    StringBuilder expected = new StringBuilder("{");
    lastImage.forEach(
        (f, id) -> expected.append('"').append(f).append("\":\"").append(id).append("\","));
    expected.setLength(expected.length() - 1);
    expected.append('}');
    return "const want = "
        + expected
        + "; const have = window.iqmonLatest();"
        + " return Object.keys(want).every(f => have[f] === want[f]);";
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Clients.producer(config), new StringSerializer(), new ByteArraySerializer());
  }

  private <T extends SpecificRecord> void send(
      KafkaProducer<String, byte[]> producer, String topic, String feed, T value, Class<T> type) {
    @SuppressWarnings("unchecked")
    Serializer<T> serializer =
        (Serializer<T>)
            serializers.computeIfAbsent(
                type, t -> AvroSerde.forValues(type, registry).serializer());
    producer.send(new ProducerRecord<>(topic, feed, serializer.serialize(topic, value)));
  }

  /** True once the fleet JSON has every seeded feed with its thumbnail and all its trend points. */
  boolean seeded(String fleetJson) throws Exception {
    JsonNode tiles = new ObjectMapper().readTree(fleetJson).get("tiles");
    int ready = 0;
    for (JsonNode tile : tiles) {
      if (tile.get("feed").asText().startsWith("cam-")
          && !tile.get("thumb").isNull()
          && tile.get("spark").get("series").get("t").size() == SEED_WINDOWS) {
        ready++;
      }
    }
    return ready == feeds;
  }

  private static FeedThumbnail thumbnail(
      String feed,
      Instant at,
      byte[] jpeg,
      Thumbnailer.Thumbnail thumb,
      RgbImage frame,
      double score) {
    ThumbnailRegion whole = region("whole", "whole", RoiSource.WHOLE, 0, 0, 1, 1, score);
    ThumbnailRegion blur =
        region("degraded-1", "blur", RoiSource.DEGRADED, 0.55, 0.1, 0.3, 0.35, score - 15);
    return FeedThumbnail.newBuilder()
        .setFeedId(feed)
        .setImageId(feed + "-seed")
        .setCaptureTime(at)
        .setImageWidth(frame.width())
        .setImageHeight(frame.height())
        .setWidth(thumb.width())
        .setHeight(thumb.height())
        .setJpeg(ByteBuffer.wrap(jpeg))
        .setScore(score)
        .setLevel(level(score))
        .setRegions(List.of(whole, blur))
        .build();
  }

  private static ThumbnailRegion region(
      String id,
      String label,
      RoiSource source,
      double x,
      double y,
      double w,
      double h,
      double score) {
    return ThumbnailRegion.newBuilder()
        .setRoiId(id)
        .setLabel(label)
        .setSource(source)
        .setX(x)
        .setY(y)
        .setWidth(w)
        .setHeight(h)
        .setScore(score)
        .setLevel(level(score))
        .setImportance(0.5)
        .setDistortions(Map.of("blur", 0.7, "noise", 0.1))
        .setIndicators(Map.of())
        .build();
  }

  private static ImageQuality image(String feed, String id, Instant at, double score) {
    return ImageQuality.newBuilder()
        .setFeedId(feed)
        .setImageId(id)
        .setCaptureTime(at)
        .setWidth(640)
        .setHeight(480)
        .setContentType("image/jpeg")
        .setScore(score)
        .setLevel(level(score))
        .setLevels(new LevelProbabilities(0.0, 0.0, 0.0, 1.0, 0.0))
        .setDistortions(Map.of())
        .setRegions(
            List.of(
                RegionSummary.newBuilder()
                    .setRoiId("whole")
                    .setLabel("whole")
                    .setSource(RoiSource.WHOLE)
                    .setBox(new Box(0.0, 0.0, 640.0, 480.0))
                    .setAreaFraction(1.0)
                    .setScore(score)
                    .setLevel(level(score))
                    .setImportance(1.0)
                    .build()))
        .setStageMillis(Map.of())
        .setModelId("synthetic")
        .setModelVersion("0")
        .build();
  }

  private QualityTrend trend(String feed, Instant end, double score) {
    double mean = score + random.nextGaussian() * 3;
    return QualityTrend.newBuilder()
        .setFeedId(feed)
        .setRoiLabel("whole")
        .setWindow("2s")
        .setWindowStart(end.minusSeconds(2))
        .setWindowEnd(end)
        .setCount(4)
        .setMean(mean)
        .setMin(mean - 8)
        .setMax(mean + 8)
        .setP10(mean - 6)
        .setP50(mean)
        .setP90(mean + 6)
        .setLevelCounts(Map.of())
        .setDistortionCounts(Map.of())
        .setThreshold(40)
        .setShareBelowThreshold(0)
        .setBaseline(score)
        .build();
  }

  private static QualityLevel level(double score) {
    QualityLevel[] levels = QualityLevel.values();
    return levels[Math.min(4, Math.max(0, (int) (score / 20)))];
  }
}
