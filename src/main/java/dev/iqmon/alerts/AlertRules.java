package dev.iqmon.alerts;

import dev.iqmon.alerts.EpisodeRule.Direction;
import dev.iqmon.alerts.RuleSet.SilenceRule;
import dev.iqmon.alerts.RuleSet.WindowRule;
import dev.iqmon.config.AlertRulesConfig;
import dev.iqmon.config.BaselineDropConfig;
import dev.iqmon.config.DistortionOnsetConfig;
import dev.iqmon.config.Durations;
import dev.iqmon.config.FrozenFeedConfig;
import dev.iqmon.config.LowScoreConfig;
import dev.iqmon.config.LowScoreShareConfig;
import dev.iqmon.config.SilentFeedConfig;
import java.time.Instant;
import java.util.Locale;

/** Builds each alert rule from its settings, with the words of its messages. */
public final class AlertRules {

  public static final String LOW_SCORE = AlertRule.LOW_SCORE.id();
  public static final String LOW_SCORE_SHARE = AlertRule.LOW_SCORE_SHARE.id();
  public static final String BASELINE_DROP = AlertRule.BASELINE_DROP.id();
  public static final String DISTORTION_ONSET = AlertRule.DISTORTION_ONSET.id();
  public static final String SILENT_FEED = AlertRule.SILENT_FEED.id();
  public static final String FROZEN_FEED = AlertRule.FROZEN_FEED.id();
  public static final String SCENE_CHANGE = AlertRule.SCENE_CHANGE.id();
  public static final String SIGNAL_LOSS = AlertRule.SIGNAL_LOSS.id();
  public static final String LENS_BLOCKED = AlertRule.LENS_BLOCKED.id();
  public static final String FEED_LAG = AlertRule.FEED_LAG.id();

  /** The ROI label of the alerts about a whole feed (silence, frozen content). */
  public static final String WHOLE_FEED = "whole";

  private AlertRules() {}

  /**
   * The rules of one feed and label. {@code shareWindow} and {@code baselineWindow} are the trend
   * windows the window rules watch; {@code warmUp} is how many windows a baseline needs.
   */
  public static RuleSet of(
      AlertRulesConfig c, String shareWindow, String baselineWindow, int warmUp) {
    return new RuleSet(
        c.lowScore().enabled() ? lowScore(c.lowScore()) : null,
        c.lowScoreShare().enabled()
            ? new WindowRule(
                lowScoreShare(c.lowScoreShare(), c.lowScore().fireBelow()),
                shareWindow,
                c.lowScoreShare().minImages(),
                0)
            : null,
        c.baselineDrop().enabled()
            ? new WindowRule(
                baselineDrop(c.baselineDrop()),
                baselineWindow,
                c.baselineDrop().minImages(),
                warmUp)
            : null,
        c.distortionOnset().enabled() ? distortionOnset(c.distortionOnset()) : null,
        c.silentFeed().enabled()
            ? new SilenceRule(silentFeed(c.silentFeed()), c.silentFeed().after().toMillis())
            : null,
        c.frozenFeed().enabled() ? frozenFeed(c.frozenFeed()) : null,
        c.sceneChange().enabled() ? CameraHealthRules.sceneChange(c.sceneChange()) : null,
        c.signalLoss().enabled() ? CameraHealthRules.signalLoss(c.signalLoss()) : null,
        c.lensBlocked().enabled() ? CameraHealthRules.lensBlocked(c.lensBlocked()) : null,
        c.feedLag().enabled() ? CameraHealthRules.feedLag(c.feedLag()) : null);
  }

  static EpisodeRule lowScore(LowScoreConfig c) {
    return new EpisodeRule(
        AlertRule.LOW_SCORE,
        Direction.BELOW,
        c.fireBelow(),
        c.resolveAtOrAbove(),
        c.consecutive(),
        c.consecutive(),
        c.severity(),
        (key, r, run, firing) ->
            firing
                ? format(
                    "%s: score under %.0f for %d images in a row (last %.1f)",
                    where(key), c.fireBelow(), run, r.value())
                : format(
                    "%s: score back at or above %.0f for %d images in a row (last %.1f)",
                    where(key), c.resolveAtOrAbove(), run, r.value()));
  }

  static EpisodeRule lowScoreShare(LowScoreShareConfig c, double scoreThreshold) {
    return EpisodeRule.rising(
        AlertRule.LOW_SCORE_SHARE,
        c,
        (key, r, run, firing) ->
            firing
                ? format(
                    "%s: %.0f%% of %d images under %.0f in %s (fires at %.0f%%)",
                    where(key),
                    100 * r.value(),
                    r.imageCount(),
                    scoreThreshold,
                    window(r, run),
                    100 * c.fireAtOrAbove())
                : format(
                    "%s: share under %.0f back below %.0f%% (%.0f%% of %d images in %s)",
                    where(key),
                    scoreThreshold,
                    100 * c.resolveBelow(),
                    100 * r.value(),
                    r.imageCount(),
                    window(r, run)));
  }

  static EpisodeRule baselineDrop(BaselineDropConfig c) {
    return EpisodeRule.rising(
        AlertRule.BASELINE_DROP,
        c,
        (key, r, run, firing) ->
            firing
                ? format(
                    "%s: mean %.1f is %.1f points under the baseline %.1f in %s (fires at %.0f)",
                    where(key),
                    r.baseline() - r.value(),
                    r.value(),
                    r.baseline(),
                    window(r, run),
                    c.fireAtOrAbove())
                : format(
                    "%s: mean %.1f back within %.0f points of the baseline %.1f in %s",
                    where(key),
                    r.baseline() - r.value(),
                    c.resolveBelow(),
                    r.baseline(),
                    window(r, run)));
  }

  static EpisodeRule distortionOnset(DistortionOnsetConfig c) {
    return EpisodeRule.rising(
        AlertRule.DISTORTION_ONSET,
        c,
        (key, r, run, firing) ->
            firing
                ? format(
                    "%s: %s likely (p >= %.2f) for %d images in a row (last %.2f)",
                    where(key), key.qualifier(), c.fireAtOrAbove(), run, r.value())
                : format(
                    "%s: %s no longer likely (p < %.2f) for %d images in a row (last %.2f)",
                    where(key), key.qualifier(), c.resolveBelow(), run, r.value()));
  }

  /** Readings: seconds since the last image at each check, 0 for each image that arrives. */
  static EpisodeRule silentFeed(SilentFeedConfig c) {
    double after = c.after().toMillis() / 1000.0;
    return new EpisodeRule(
        AlertRule.SILENT_FEED,
        Direction.ABOVE,
        after,
        after,
        1,
        c.resolveAfter(),
        c.severity(),
        (key, r, run, firing) ->
            firing
                ? format(
                    "%s: no image for %s (last %s)",
                    key.feedId(),
                    Durations.format(c.after()),
                    r.imageId() == null ? "none" : r.imageId())
                : format(
                    "%s: images again, %d in a row (last %s)", key.feedId(), run, r.imageId()));
  }

  /**
   * Readings: how many images in a row so far have had the image's content (1 for new content); the
   * rule fires at {@code repeats} and resolves after images whose content is new.
   */
  static EpisodeRule frozenFeed(FrozenFeedConfig c) {
    return new EpisodeRule(
        AlertRule.FROZEN_FEED,
        Direction.ABOVE,
        c.repeats(),
        2,
        1,
        c.resolveAfter(),
        c.severity(),
        (key, r, run, firing) ->
            firing
                ? format(
                    "%s: the same image content %.0f times in a row (last %s)",
                    key.feedId(), r.value(), r.imageId())
                : format(
                    "%s: image content changing again, %d new images in a row (last %s)",
                    key.feedId(), run, r.imageId()));
  }

  static String where(AlertKey key) {
    return key.feedId() + "/" + key.label();
  }

  private static String window(Reading r, int run) {
    String window =
        "the " + r.window().name() + " window to " + Instant.ofEpochMilli(r.window().end());
    return run > 1 ? window + ", " + run + " windows in a row" : window;
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
