package dev.iqmon.stream;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.TempDirs;
import dev.iqmon.image.DecodeLimits;
import dev.iqmon.image.FetchPolicy;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageFetcher;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.roi.RoiFinder;
import dev.iqmon.roi.RoiPlanner;
import dev.iqmon.roi.RoiSegmenter;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.InMemorySchemaRegistry;
import dev.iqmon.schema.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology on a {@link TopologyTestDriver}, with Avro through an in-memory registry. */
final class TopologyHarness implements AutoCloseable {

  final IqmonConfig config;
  final SchemaRegistry registry = new InMemorySchemaRegistry();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final IqmonMetrics metrics = IqmonMetrics.boundTo(meters);

  /** Checks nothing until a test says how many partitions the images topic has. */
  final FeedRouting routing = new FeedRouting(metrics);

  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> images;
  final TestOutputTopic<String, ImageQuality> imageQuality;
  final TestOutputTopic<String, RegionScore> regionScores;
  final TestOutputTopic<String, QualityAlert> alerts;
  final TestOutputTopic<String, QualityTrend> trends;
  final TestOutputTopic<String, DeadLetter> deadLetters;

  /** The topology with the config layers given laid over the defaults, in order. */
  TopologyHarness(String... layers) {
    this(load(layers), new BrightnessModel(), null);
  }

  TopologyHarness(String yaml, QualityModel model) {
    this(load(yaml), model, null);
  }

  /** With a segmenter for prompts and automatic masks; null for none. */
  TopologyHarness(String yaml, QualityModel model, RoiSegmenter segmenter) {
    this(load(yaml), model, segmenter);
  }

  /** Records prepared and scored by {@code workers}; outputs come as the workers finish. */
  TopologyHarness(String yaml, QualityModel model, ScoringWorkers workers) {
    this(load(yaml), model, null, workers, RoiFinder.NONE);
  }

  /** With the regions {@code detector} finds in each image, scored by brightness. */
  static TopologyHarness detecting(RoiFinder detector, String... layers) {
    return new TopologyHarness(
        load(layers), new BrightnessModel(), null, ScoringWorkers.inline(), detector);
  }

  /**
   * The layers over the defaults, with a state directory of its own (tests may run at once), image
   * by image unless a layer asks for batches: outputs follow each input at once. The driver never
   * reaches the bootstrap servers; the service's settings require them.
   */
  private static IqmonConfig load(String... layers) {
    ConfigLoader loader =
        new ConfigLoader().set("model.batch-size=1").set("kafka.bootstrap-servers=unused:9092");
    for (String layer : layers) {
      loader.text(layer, "test");
    }
    try {
      return loader
          .set("kafka.state-dir=" + Files.createTempDirectory("iqmon-ttd-").toAbsolutePath())
          .load();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TopologyHarness(IqmonConfig loaded, QualityModel model, RoiSegmenter segmenter) {
    this(loaded, model, segmenter, ScoringWorkers.inline(), RoiFinder.NONE);
  }

  private TopologyHarness(
      IqmonConfig loaded,
      QualityModel model,
      RoiSegmenter segmenter,
      ScoringWorkers workers,
      RoiFinder detector) {
    config = loaded;
    AvroSerdes serdes = new AvroSerdes(registry, true);
    ImagePipeline pipeline =
        pipeline(config, serdes, model, segmenter, metrics).withDetector(detector);
    Properties props = StreamsSettings.of(config, serdes, metrics);
    driver =
        new TopologyTestDriver(
            IqmonTopology.build(config, pipeline, serdes, metrics, workers, routing), props);
    images =
        driver.createInputTopic(
            config.topics().images(), new ByteArraySerializer(), new ByteArraySerializer());
    StringDeserializer keys = new StringDeserializer();
    imageQuality =
        driver.createOutputTopic(
            config.topics().imageQuality(),
            keys,
            serdes.forValue(ImageQuality.class).deserializer());
    regionScores =
        driver.createOutputTopic(
            config.topics().regionScores(),
            keys,
            serdes.forValue(RegionScore.class).deserializer());
    alerts =
        driver.createOutputTopic(
            config.topics().alerts(), keys, serdes.forValue(QualityAlert.class).deserializer());
    trends =
        driver.createOutputTopic(
            config.topics().trends(), keys, serdes.forValue(QualityTrend.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            config.topics().deadLetters(), keys, serdes.forValue(DeadLetter.class).deserializer());
  }

  /** The pipeline the service builds, fetching files under the configured roots only. */
  static ImagePipeline pipeline(
      IqmonConfig config, AvroSerdes serdes, QualityModel model, IqmonMetrics metrics) {
    return pipeline(config, serdes, model, null, metrics);
  }

  private static ImagePipeline pipeline(
      IqmonConfig config,
      AvroSerdes serdes,
      QualityModel model,
      RoiSegmenter segmenter,
      IqmonMetrics metrics) {
    return new ImagePipeline(
        serdes.forValue(ImageEvent.class).deserializer(),
        new ImageFetcher(
            FetchPolicy.nothing()
                .withFileRoots(
                    config.images().fetch().fileRoots().stream().map(Path::of).toList())),
        new ImageDecoder(
            new DecodeLimits(
                config.images().maxBytes(), config.images().maxPixels(), 20_000, 20_000)),
        StaticRois.of(config),
        new RoiPlanner(config.rois().limits(), Optional.ofNullable(segmenter)),
        model,
        metrics,
        Clock.systemUTC());
  }

  /** The count of one of iqmon's counters, by its dotted name and tags. */
  double count(String meter, String... tags) {
    return meters.get(meter).tags(tags).counter().count();
  }

  /** Dead letters counted for {@code stage}. */
  double deadLetters(FailedStage stage) {
    return count("iqmon.dead.letters", "stage", stage.name().toLowerCase(Locale.ROOT));
  }

  byte[] encode(ImageEvent event) {
    return AvroSerde.forValues(ImageEvent.class, registry)
        .serializer()
        .serialize(config.topics().images(), event);
  }

  void publish(ImageEvent event) {
    images.pipeInput(
        event.getFeedId().getBytes(StandardCharsets.UTF_8), encode(event), event.getCaptureTime());
  }

  /** A record as a producer would send it; a null key for one sent without a key. */
  void publishRaw(String key, byte[] value, Instant at) {
    images.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, at);
  }

  @Override
  public void close() {
    driver.close();
    TempDirs.deleteRecursively(Path.of(config.kafka().stateDir()));
  }
}
