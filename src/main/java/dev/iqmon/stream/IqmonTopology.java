package dev.iqmon.stream;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.TopicsConfig;
import dev.iqmon.metrics.IqmonMetrics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The whole topology, built by a pure function: images in; dead letters, image results, region
 * scores, alerts and trends out.
 */
public final class IqmonTopology {

  private IqmonTopology() {}

  /**
   * The topology with records prepared and scored by {@code workers}, each checked against {@code
   * routing} for the partition its key would have.
   */
  public static Topology build(
      IqmonConfig config,
      ImagePipeline pipeline,
      AvroSerdes serdes,
      IqmonMetrics metrics,
      ScoringWorkers workers,
      FeedRouting routing) {
    TopicsConfig topics = config.topics();
    Serde<RegionScore> regionSerde = serdes.forValue(RegionScore.class);
    StreamsBuilder builder = new StreamsBuilder();

    int batchSize = config.model().serviceBatchSize();
    Duration batchWait = config.model().batchWait();
    boolean buffered = ImageProcessor.needsBuffer(batchSize, workers);
    String[] batchStore = buffered ? new String[] {ImageProcessor.BUFFER_STORE} : new String[0];
    if (buffered) {
      builder.addStateStore(ImageProcessor.bufferStore(StreamsSettings.maxRecordBytes(config)));
    }
    KStream<String, ImageOutcome> outcomes =
        builder.stream(
                topics.images(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("images"))
            .process(
                () -> new ImageProcessor(pipeline, batchSize, batchWait, metrics, workers, routing),
                Named.as("score-images"),
                batchStore);
    Map<String, KStream<String, ImageOutcome>> branches =
        outcomes
            .split(Named.as("outcome-"))
            .branch(
                (feed, outcome) -> outcome instanceof ImageOutcome.Rejected,
                Branched.as("rejected"))
            .defaultBranch(Branched.as("scored"));

    branches
        .get("outcome-rejected")
        .mapValues(
            outcome -> ((ImageOutcome.Rejected) outcome).deadLetter(), Named.as("dead-letter"))
        .to(
            topics.deadLetters(),
            Produced.with(Serdes.String(), serdes.forValue(DeadLetter.class))
                .withName("dead-letters-out"));

    KStream<String, ImageOutcome.Scored> scored =
        branches
            .get("outcome-scored")
            .mapValues(outcome -> (ImageOutcome.Scored) outcome, Named.as("scored"));
    scored
        .mapValues(ImageOutcome.Scored::image, Named.as("image-result"))
        .to(
            topics.imageQuality(),
            Produced.with(Serdes.String(), serdes.forValue(ImageQuality.class))
                .withName("image-quality-out"));
    if (config.dashboard().thumbnails().enabled()) {
      scored
          .filter((feed, outcome) -> outcome.thumbnail() != null, Named.as("has-thumbnail"))
          .mapValues(ImageOutcome.Scored::thumbnail, Named.as("thumbnail"))
          .to(
              topics.thumbnails(),
              Produced.with(Serdes.String(), serdes.forValue(FeedThumbnail.class))
                  .withName("thumbnails-out"));
    }
    KStream<String, RegionScore> regions =
        scored.flatMapValues(ImageOutcome.Scored::regions, Named.as("region-results"));
    regions.to(
        topics.regionScores(),
        Produced.with(Serdes.String(), regionSerde).withName("region-scores-out"));

    AnalyticsTopology.add(builder, scored, config, serdes, metrics);
    return builder.build();
  }
}
