package dev.iqmon.alerts;

import static dev.iqmon.alerts.AlertRules.format;

import dev.iqmon.alerts.EpisodeRule.Direction;
import dev.iqmon.alerts.RuleSet.LensRule;
import dev.iqmon.alerts.RuleSet.SceneRule;
import dev.iqmon.alerts.RuleSet.SignalRule;
import dev.iqmon.config.Durations;
import dev.iqmon.config.FeedLagConfig;
import dev.iqmon.config.LensBlockedConfig;
import dev.iqmon.config.SceneChangeConfig;
import dev.iqmon.config.SignalLossConfig;

/** Builds the camera-health rules (scene change, signal loss, blocked lens, lag) from settings. */
final class CameraHealthRules {

  private CameraHealthRules() {}

  /** Readings: the distance of a frame's structure from the reference view, 0..1. */
  static SceneRule sceneChange(SceneChangeConfig c) {
    EpisodeRule rule =
        EpisodeRule.rising(
            AlertRule.SCENE_CHANGE,
            c,
            (key, r, run, firing) ->
                firing
                    ? format(
                        "%s: the view differs from the camera's reference (structure %.2f from it,"
                            + " fires at %.2f) for %d images in a row (last %s): the camera may"
                            + " have been moved",
                        key.feedId(), r.value(), c.fireAtOrAbove(), run, r.imageId())
                    : r.detail() != null
                        ? format("%s: %s (last %s)", key.feedId(), r.detail(), r.imageId())
                        : format(
                            "%s: the view is back to the reference (structure %.2f from it) for"
                                + " %d images in a row (last %s)",
                            key.feedId(), r.value(), run, r.imageId()));
    return new SceneRule(rule, c.learnImages(), c.learnWeight(), c.adoptAfter().toMillis());
  }

  /** Readings: 1 for a frame with no picture, 0 for one with a picture. */
  static SignalRule signalLoss(SignalLossConfig c) {
    EpisodeRule rule =
        new EpisodeRule(
            AlertRule.SIGNAL_LOSS,
            Direction.ABOVE,
            1,
            1,
            c.consecutive(),
            c.resolveAfter(),
            c.severity(),
            (key, r, run, firing) ->
                firing
                    ? format(
                        "%s: no picture, %s, %d images in a row (last %s)",
                        key.feedId(), r.detail(), run, r.imageId())
                    : format(
                        "%s: a picture again, %d images in a row (last %s)",
                        key.feedId(), run, r.imageId()));
    return new SignalRule(rule, c.uniformBelow());
  }

  /** Readings: the share of the frame that lost its texture or that the model finds occluded. */
  static LensRule lensBlocked(LensBlockedConfig c) {
    EpisodeRule rule =
        EpisodeRule.rising(
            AlertRule.LENS_BLOCKED,
            c,
            (key, r, run, firing) ->
                firing
                    ? format(
                        "%s: %.0f%% of the view is blocked (fires at %.0f%%), %d images in a row"
                            + " (last %s; %s)",
                        key.feedId(),
                        100 * r.value(),
                        100 * c.fireAtOrAbove(),
                        run,
                        r.imageId(),
                        r.detail())
                    : format(
                        "%s: the view is clear again, %.0f%% blocked, %d images in a row (last %s)",
                        key.feedId(), 100 * r.value(), run, r.imageId()));
    return new LensRule(rule, c.textureRatio(), c.occlusionAtOrAbove());
  }

  /** Readings: seconds between capture and arrival, either way. */
  static EpisodeRule feedLag(FeedLagConfig c) {
    return new EpisodeRule(
        AlertRule.FEED_LAG,
        Direction.ABOVE,
        c.fireAtOrAbove().toMillis() / 1000.0,
        c.resolveBelow().toMillis() / 1000.0,
        c.consecutive(),
        c.consecutive(),
        c.severity(),
        (key, r, run, firing) ->
            firing
                ? format(
                    "%s: %s, at least %s for %d images in a row (last %s)",
                    key.feedId(), r.detail(), Durations.format(c.fireAtOrAbove()), run, r.imageId())
                : format(
                    "%s: images on time again, %s, under %s for %d images in a row (last %s)",
                    key.feedId(),
                    r.detail(),
                    Durations.format(c.resolveBelow()),
                    run,
                    r.imageId()));
  }
}
