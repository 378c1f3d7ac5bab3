package dev.iqmon.stream;

import dev.iqmon.alerts.AlertEvent;
import dev.iqmon.alerts.AlertKey;
import dev.iqmon.alerts.AlertRules;
import dev.iqmon.alerts.CameraHealth;
import dev.iqmon.alerts.EpisodeRule;
import dev.iqmon.alerts.EpisodeState;
import dev.iqmon.alerts.Reading;
import dev.iqmon.alerts.RuleSet;
import dev.iqmon.alerts.SceneState;
import dev.iqmon.alerts.Verdict;
import dev.iqmon.alerts.WindowRef;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.metrics.IqmonMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the alert rules of each feed and ROI label over scored images and closed trend windows, and
 * checks every second of wall-clock time for silent feeds. Episode state lives in a store, written
 * in the same transaction as the alerts it produces, so each episode gives exactly one FIRING and
 * one RESOLVED record even across crashes.
 */
final class AlertProcessor implements Processor<String, AlertInput, String, QualityAlert> {

  static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final RuleBook rules;
  private final IqmonMetrics metrics;
  private ProcessorContext<String, QualityAlert> context;
  private KeyValueStore<String, LabelAlerts> states;
  private KeyValueStore<String, FeedActivity> activity;
  private KeyValueStore<String, SceneState> scenes;
  private long startedAt;

  AlertProcessor(RuleBook rules, IqmonMetrics metrics) {
    this.rules = rules;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, QualityAlert> context) {
    this.context = context;
    this.states = context.getStateStore(AnalyticsStores.ALERT_STATE);
    this.activity = context.getStateStore(AnalyticsStores.FEED_ACTIVITY);
    this.scenes = context.getStateStore(AnalyticsStores.SCENE_STATE);
    // Silence is counted from the later of a feed's last image and this start: while the task
    // was not running, nobody could tell whether images were coming.
    this.startedAt = context.currentSystemTimeMs();
    context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::checkSilence);
  }

  @Override
  public void process(Record<String, AlertInput> record) {
    if (record.value() instanceof AlertInput.Image image) {
      image(image.scored(), record.timestamp());
    } else if (record.value() instanceof AlertInput.Window window) {
      window(window.closed());
    }
  }

  private void image(ImageOutcome.Scored scored, long timestamp) {
    ImageQuality image = scored.image();
    String feed = image.getFeedId();
    long time = image.getCaptureTime().toEpochMilli();
    Map<String, LabelAlerts> touched = new HashMap<>();
    LabelAlerts whole = label(touched, feed, AlertRules.WHOLE_FEED);
    feedRules(feed, image, timestamp, whole);
    cameraHealth(feed, scored, whole, timestamp);
    for (RegionScore region : scored.regions()) {
      LabelAlerts state = label(touched, feed, region.getLabel());
      regionRules(feed, image.getImageId(), time, region, state, timestamp);
    }
    touched.forEach((label, state) -> save(AnalyticsStores.key(feed, label), state));
  }

  /** A region's score, then its probability of each distortion type, in the types' order. */
  private void regionRules(
      String feed,
      String imageId,
      long time,
      RegionScore region,
      LabelAlerts state,
      long timestamp) {
    String label = region.getLabel();
    RuleSet set = rules.forLabel(feed, label);
    Reading score = Reading.ofImage(time, region.getScore(), imageId);
    apply(state, set.lowScore(), AlertKey.of(feed, label, AlertRules.LOW_SCORE), score, timestamp);
    if (set.distortionOnset() == null) {
      return;
    }
    for (Map.Entry<String, Double> type : new TreeMap<>(region.getDistortions()).entrySet()) {
      AlertKey key = new AlertKey(feed, label, AlertRules.DISTORTION_ONSET, type.getKey());
      Reading p = Reading.ofImage(time, type.getValue(), imageId);
      apply(state, set.distortionOnset(), key, p, timestamp);
    }
  }

  /** Frozen content, and the end of a silence, then the feed's latest image. */
  private void feedRules(String feed, ImageQuality image, long timestamp, LabelAlerts whole) {
    RuleSet set = rules.forFeed(feed);
    long now = context.currentSystemTimeMs();
    FeedActivity last = activity.get(feed);
    String hash = image.getContentHash();
    int run =
        last != null && hash != null && hash.equals(last.contentHash())
            ? last.sameContentRun() + 1
            : 1;
    if (set.frozenFeed() != null && hash != null) {
      Reading repeats =
          Reading.ofImage(image.getCaptureTime().toEpochMilli(), run, image.getImageId());
      apply(
          whole,
          set.frozenFeed(),
          AlertKey.of(feed, AlertRules.WHOLE_FEED, AlertRules.FROZEN_FEED),
          repeats,
          timestamp);
    }
    if (set.silentFeed() != null) {
      AlertKey key = AlertKey.of(feed, AlertRules.WHOLE_FEED, AlertRules.SILENT_FEED);
      if (whole.get(key.ruleKey()).firing()) {
        Reading back = Reading.ofImage(now, 0, image.getImageId());
        step(whole, set.silentFeed().rule(), key, back, Verdict.CLEAR, timestamp);
      }
    }
    activity.put(
        feed,
        new FeedActivity(
            now, image.getCaptureTime().toEpochMilli(), image.getImageId(), hash, run));
  }

  /** Scene change, signal loss, a blocked lens and lag, with the feed's reference view. */
  private void cameraHealth(
      String feed, ImageOutcome.Scored scored, LabelAlerts whole, long timestamp) {
    SceneState scene = scenes.get(feed);
    CameraHealth.Judgement judged =
        CameraHealth.judge(
            feed,
            rules.forFeed(feed),
            scene == null ? SceneState.none() : scene,
            HealthFacts.of(scored),
            rule -> whole.get(rule).firing());
    for (CameraHealth.Check c : judged.checks()) {
      EpisodeRule.Step step =
          c.settle()
              ? c.rule().settle(whole.get(c.key().ruleKey()), c.key(), c.reading())
              : c.rule().observe(whole.get(c.key().ruleKey()), c.key(), c.reading());
      whole.put(c.key().ruleKey(), step.state());
      step.event().ifPresent(e -> publish(e, timestamp));
    }
    if (judged.scene() != scene && judged.scene().reference() != null) {
      scenes.put(feed, judged.scene());
    }
  }

  private void window(ClosedWindow closed) {
    RuleSet set = rules.forLabel(closed.feed(), closed.label());
    String key = AnalyticsStores.key(closed.feed(), closed.label());
    LabelAlerts state = load(key);
    long images = closed.trend().count();
    WindowRef ref =
        new WindowRef(closed.window().name(), closed.window().start(), closed.window().end());
    Double baseline = closed.baseline() == null ? null : closed.baseline().mean();
    RuleSet.WindowRule share = set.lowScoreShare();
    if (share != null && share.judges(ref.name(), images)) {
      Reading r = Reading.ofWindow(ref, closed.trend().shareBelow(), baseline, images);
      apply(
          state,
          share.rule(),
          AlertKey.of(closed.feed(), closed.label(), AlertRules.LOW_SCORE_SHARE),
          r,
          ref.end());
    }
    RuleSet.WindowRule drop = set.baselineDrop();
    if (drop != null
        && drop.judges(ref.name(), images)
        && closed.baseline() != null
        && closed.baseline().warm(drop.warmUp())) {
      Reading r = Reading.ofWindow(ref, baseline - closed.trend().mean(), baseline, images);
      apply(
          state,
          drop.rule(),
          AlertKey.of(closed.feed(), closed.label(), AlertRules.BASELINE_DROP),
          r,
          ref.end());
    }
    save(key, state);
  }

  private void checkSilence(long now) {
    try (KeyValueIterator<String, FeedActivity> it = activity.all()) {
      while (it.hasNext()) {
        KeyValue<String, FeedActivity> feed = it.next();
        RuleSet.SilenceRule silence = rules.forFeed(feed.key).silentFeed();
        long silent = now - Math.max(feed.value.arrivedAt(), startedAt);
        if (silence != null && silent >= silence.afterMillis()) {
          silent(feed.key, feed.value, silence.rule(), now, silent);
        }
      }
    }
  }

  private void silent(String feed, FeedActivity last, EpisodeRule rule, long now, long silentMs) {
    String key = AnalyticsStores.key(feed, AlertRules.WHOLE_FEED);
    LabelAlerts state = load(key);
    AlertKey alert = AlertKey.of(feed, AlertRules.WHOLE_FEED, AlertRules.SILENT_FEED);
    EpisodeState episode = state.get(alert.ruleKey());
    if (episode.firing() && episode.runValues().isEmpty()) {
      return; // still silent, already said so
    }
    Reading r = Reading.ofClock(now, silentMs / 1000.0, last.imageId());
    step(state, rule, alert, r, Verdict.BREACH, now);
    save(key, state);
  }

  private void apply(LabelAlerts state, EpisodeRule rule, AlertKey key, Reading r, long timestamp) {
    if (rule != null) {
      step(state, rule, key, r, rule.judge(r.value()), timestamp);
    }
  }

  private void step(
      LabelAlerts state,
      EpisodeRule rule,
      AlertKey key,
      Reading r,
      Verdict verdict,
      long timestamp) {
    EpisodeRule.Step step = rule.observe(state.get(key.ruleKey()), key, r, verdict);
    state.put(key.ruleKey(), step.state());
    step.event().ifPresent(e -> publish(e, timestamp));
  }

  private void publish(AlertEvent e, long timestamp) {
    QualityAlert alert = AlertRecords.toAvro(e);
    metrics.alert(e.rule(), alert.getState());
    context.forward(new Record<>(e.feedId(), alert, timestamp));
  }

  private LabelAlerts label(Map<String, LabelAlerts> touched, String feed, String label) {
    return touched.computeIfAbsent(label, l -> load(AnalyticsStores.key(feed, l)));
  }

  private LabelAlerts load(String key) {
    LabelAlerts state = states.get(key);
    return state == null ? LabelAlerts.none() : state;
  }

  private void save(String key, LabelAlerts state) {
    if (!state.changed()) {
      return;
    }
    if (state.empty()) {
      states.delete(key);
    } else {
      states.put(key, state);
    }
  }
}
