package dev.iqmon.config;

import java.util.Map;

/**
 * The alert rules of one feed ({@code alerts.feeds.<feed>}), already laid over the global ones, and
 * those of its ROI labels, laid over the global, label and feed settings in that order.
 */
public record FeedAlertsConfig(
    LowScoreConfig lowScore,
    LowScoreShareConfig lowScoreShare,
    BaselineDropConfig baselineDrop,
    DistortionOnsetConfig distortionOnset,
    SilentFeedConfig silentFeed,
    FrozenFeedConfig frozenFeed,
    SceneChangeConfig sceneChange,
    SignalLossConfig signalLoss,
    LensBlockedConfig lensBlocked,
    FeedLagConfig feedLag,
    Map<String, AlertRulesConfig> labels) {

  public FeedAlertsConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public AlertRulesConfig rules() {
    return new AlertRulesConfig(
        lowScore,
        lowScoreShare,
        baselineDrop,
        distortionOnset,
        silentFeed,
        frozenFeed,
        sceneChange,
        signalLoss,
        lensBlocked,
        feedLag);
  }
}
