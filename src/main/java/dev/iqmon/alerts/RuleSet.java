package dev.iqmon.alerts;

/**
 * The alert rules that apply to one feed and ROI label; a rule that is off is null. The window
 * rules judge closed trend windows of one named window; silence and frozen content are judged per
 * feed.
 */
public record RuleSet(
    EpisodeRule lowScore,
    WindowRule lowScoreShare,
    WindowRule baselineDrop,
    EpisodeRule distortionOnset,
    SilenceRule silentFeed,
    EpisodeRule frozenFeed) {

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
}
