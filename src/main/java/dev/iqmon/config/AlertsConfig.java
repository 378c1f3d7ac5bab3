package dev.iqmon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alert rules: the global settings, with overrides per ROI label ({@code alerts.labels.<label>}),
 * per feed ({@code alerts.feeds.<feed>}) and per feed and label ({@code
 * alerts.feeds.<feed>.labels.<label>}). The most specific wins: feed and label, then feed, then
 * label, then global. Silent-feed, frozen-feed and the camera-health rules (scene-change,
 * signal-loss, lens-blocked, feed-lag) watch whole feeds, so only feeds override them.
 */
public record AlertsConfig(
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
    Map<String, AlertRulesConfig> labels,
    Map<String, FeedAlertsConfig> feeds) {

  public AlertsConfig {
    new AlertRulesConfig(
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
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
  }

  /** The global rules. */
  public AlertRulesConfig defaults() {
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

  /** The rules of a feed's whole-feed alerts (silent, frozen) and the defaults of its labels. */
  public AlertRulesConfig rulesFor(String feed) {
    FeedAlertsConfig f = feeds.get(feed);
    return f == null ? defaults() : f.rules();
  }

  /** The rules that apply to one feed and ROI label. */
  public AlertRulesConfig rulesFor(String feed, String label) {
    FeedAlertsConfig f = feeds.get(feed);
    if (f != null) {
      AlertRulesConfig own = f.labels().get(label);
      return own != null ? own : f.rules();
    }
    return labels.getOrDefault(label, defaults());
  }

  /** Every complete rule set the config names: global, per label, per feed, per feed and label. */
  public List<AlertRulesConfig> all() {
    List<AlertRulesConfig> all = new ArrayList<>();
    all.add(defaults());
    all.addAll(labels.values());
    feeds
        .values()
        .forEach(
            f -> {
              all.add(f.rules());
              all.addAll(f.labels().values());
            });
    return all;
  }
}
