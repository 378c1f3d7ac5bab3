package dev.iqmon.stream;

import dev.iqmon.alerts.AlertEvent;
import dev.iqmon.alerts.EpisodeState;
import dev.iqmon.alerts.LowScoreRule;
import dev.iqmon.alerts.Observation;
import dev.iqmon.avro.AlertEvidence;
import dev.iqmon.avro.AlertKind;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.Severity;
import dev.iqmon.metrics.IqmonMetrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds each region score to the alert rule of its feed and label, keeping the rule's state in a
 * store.
 */
final class AlertProcessor implements Processor<String, RegionScore, String, QualityAlert> {

  static final String STORE = "alert-state";

  private final LowScoreRule rule;
  private final IqmonMetrics metrics;
  private ProcessorContext<String, QualityAlert> context;
  private KeyValueStore<String, EpisodeState> states;

  AlertProcessor(LowScoreRule rule, IqmonMetrics metrics) {
    this.rule = rule;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, QualityAlert> context) {
    this.context = context;
    this.states = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, RegionScore> record) {
    RegionScore score = record.value();
    Observation o =
        new Observation(
            score.getFeedId(),
            score.getLabel(),
            score.getImageId(),
            score.getCaptureTime().toEpochMilli(),
            score.getScore());
    String stateKey = o.feedId() + "\u0000" + o.label() + "\u0000" + LowScoreRule.NAME;
    EpisodeState state = states.get(stateKey);
    LowScoreRule.Step step = rule.observe(state == null ? EpisodeState.quiet() : state, o);
    states.put(stateKey, step.state());
    step.event()
        .ifPresent(
            e -> {
              metrics.alert(e.firing() ? "firing" : "resolved");
              context.forward(new Record<>(score.getFeedId(), toAvro(e), record.timestamp()));
            });
  }

  static QualityAlert toAvro(AlertEvent e) {
    return QualityAlert.newBuilder()
        .setAlertId(e.alertId())
        .setEpisodeId(e.episodeId())
        .setFeedId(e.feedId())
        .setRoiLabel(e.label())
        .setRule(e.rule())
        .setKind(AlertKind.LOW_SCORE)
        .setState(e.firing() ? AlertState.FIRING : AlertState.RESOLVED)
        .setSeverity(Severity.valueOf(e.severity()))
        .setFiredAt(Instant.ofEpochMilli(e.firedAt()))
        .setResolvedAt(e.resolvedAt() == null ? null : Instant.ofEpochMilli(e.resolvedAt()))
        .setMessage(e.message())
        .setEvidence(
            AlertEvidence.newBuilder()
                .setValue(e.value())
                .setThreshold(e.threshold())
                .setScores(e.scores())
                .setImageIds(e.imageIds())
                .build())
        .build();
  }
}
