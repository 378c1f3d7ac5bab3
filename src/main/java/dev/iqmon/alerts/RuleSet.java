package dev.iqmon.alerts;

/**
 * The alert rules that apply to one feed and ROI label; a rule that is off is null. The window
 * rules judge closed trend windows of one named window; silence, frozen content and the
 * camera-health rules are judged per feed.
 */
public record RuleSet(
    EpisodeRule lowScore,
    WindowRule lowScoreShare,
    WindowRule baselineDrop,
    EpisodeRule distortionOnset,
    SilenceRule silentFeed,
    EpisodeRule frozenFeed,
    SceneRule sceneChange,
    SignalRule signalLoss,
    LensRule lensBlocked,
    EpisodeRule feedLag) {

  /**
   * A rule over the closed windows named {@code window}, skipping windows with fewer than {@code
   * minImages} images and, when it compares with the baseline, baselines of fewer than {@code
   * warmUp} windows.
   */
  public record WindowRule(EpisodeRule rule, String window, int minImages, int warmUp) {
    public boolean judges(String windowName, long images) {
      return window != null && window.equals(windowName) && images >= minImages;
    }
  }

  /** The silent-feed rule and how long a feed may be silent before it fires. */
  public record SilenceRule(EpisodeRule rule, long afterMillis) {}

  /**
   * The scene-change rule: the reference learns from the first {@code learnImages} frames, then
   * from matching frames weighted {@code learnWeight}; a new view held {@code adoptAfterMillis}
   * becomes the reference.
   */
  public record SceneRule(
      EpisodeRule rule, int learnImages, double learnWeight, long adoptAfterMillis) {}

  /** The signal-loss rule and the brightness spread under which a frame is uniform. */
  public record SignalRule(EpisodeRule rule, double uniformBelow) {}

  /**
   * The lens-blocked rule: a cell lost its texture under {@code textureRatio} of the reference's;
   * the model's occlusion regions count when its frame-level probability is at least {@code
   * occlusionAtOrAbove}.
   */
  public record LensRule(EpisodeRule rule, double textureRatio, double occlusionAtOrAbove) {}
}
