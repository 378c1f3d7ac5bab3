package dev.iqmon.config;

import java.util.Objects;

/**
 * The alert rules that apply to one feed and ROI label, each one complete: the global settings with
 * the overrides for the label and the feed laid over them.
 */
public record AlertRulesConfig(
    LowScoreConfig lowScore,
    LowScoreShareConfig lowScoreShare,
    BaselineDropConfig baselineDrop,
    DistortionOnsetConfig distortionOnset,
    SilentFeedConfig silentFeed,
    FrozenFeedConfig frozenFeed,
    SceneChangeConfig sceneChange,
    SignalLossConfig signalLoss,
    LensBlockedConfig lensBlocked,
    FeedLagConfig feedLag) {

  public AlertRulesConfig {
    Objects.requireNonNull(lowScore, "alerts.low-score");
    Objects.requireNonNull(lowScoreShare, "alerts.low-score-share");
    Objects.requireNonNull(baselineDrop, "alerts.baseline-drop");
    Objects.requireNonNull(distortionOnset, "alerts.distortion-onset");
    Objects.requireNonNull(silentFeed, "alerts.silent-feed");
    Objects.requireNonNull(frozenFeed, "alerts.frozen-feed");
    Objects.requireNonNull(sceneChange, "alerts.scene-change");
    Objects.requireNonNull(signalLoss, "alerts.signal-loss");
    Objects.requireNonNull(lensBlocked, "alerts.lens-blocked");
    Objects.requireNonNull(feedLag, "alerts.feed-lag");
  }
}
