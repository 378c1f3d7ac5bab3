package dev.iqmon.stream;

import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.TrendsConfig;
import dev.iqmon.config.WindowConfig;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.trends.WindowSlicing;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The analytics part of the topology: trend windows over the scored images, then the alert rules
 * over the images and the closed windows. Both work on the stream as it is partitioned by feed,
 * with no repartition, so all of a feed's trends, baselines and alerts live in one task and one
 * store each, and a feed's owner answers every query about it.
 */
final class AnalyticsTopology {

  private AnalyticsTopology() {}

  static void add(
      StreamsBuilder builder,
      KStream<String, ImageOutcome.Scored> scored,
      IqmonConfig config,
      AvroSerdes serdes,
      IqmonMetrics metrics) {
    RuleBook rules = new RuleBook(config.alerts(), config.trends());
    builder.addStateStore(AnalyticsStores.alertState());
    builder.addStateStore(AnalyticsStores.feedActivity());
    builder.addStateStore(AnalyticsStores.sceneState());
    KStream<String, AlertInput> inputs =
        scored.mapValues(AlertInput.Image::new, Named.as("alert-input-images"));

    TrendsConfig trends = config.trends();
    if (!trends.windows().isEmpty()) {
      WindowSlicing slicing = slicing(trends.windows());
      builder.addStateStore(AnalyticsStores.slices(slicing));
      builder.addStateStore(AnalyticsStores.clock());
      builder.addStateStore(AnalyticsStores.baselines());
      String baselineWindow = trends.windowOrFirst(trends.baseline().window());
      KStream<String, ClosedWindow> closed =
          scored.process(
              () -> new TrendProcessor(slicing, rules, baselineWindow, trends.baseline(), metrics),
              Named.as("trend-windows"),
              AnalyticsStores.TREND_SLICES,
              AnalyticsStores.TREND_CLOCK,
              AnalyticsStores.TREND_BASELINES,
              AnalyticsStores.ALERT_STATE);
      closed
          .mapValues(TrendRecords::toAvro, Named.as("trend-record"))
          .to(
              config.topics().trends(),
              Produced.with(Serdes.String(), serdes.forValue(QualityTrend.class))
                  .withName("trends-out"));
      inputs =
          inputs.merge(
              closed.mapValues(AlertInput.Window::new, Named.as("alert-input-windows")),
              Named.as("alert-inputs"));
    }
    inputs
        .process(
            () -> new AlertProcessor(rules, metrics),
            Named.as("alert-rules"),
            AnalyticsStores.ALERT_STATE,
            AnalyticsStores.FEED_ACTIVITY,
            AnalyticsStores.SCENE_STATE)
        .to(
            config.topics().alerts(),
            Produced.with(Serdes.String(), serdes.forValue(QualityAlert.class))
                .withName("alerts-out"));
  }

  static WindowSlicing slicing(List<WindowConfig> windows) {
    return new WindowSlicing(
        windows.stream()
            .map(
                w ->
                    new WindowSlicing.Spec(
                        w.name(), w.size().toMillis(), w.step().toMillis(), w.grace().toMillis()))
            .toList());
  }
}
