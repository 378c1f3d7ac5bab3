package dev.iqmon.alerts;

/**
 * The alert rules iqmon knows. {@link #id()} names the rule in settings, alert ids, the alert
 * record's {@code rule} field and the {@code rule} tag of the meters; the constant's own name is
 * the alert record's {@code kind}.
 */
public enum AlertRule {
  LOW_SCORE("low-score"),
  LOW_SCORE_SHARE("low-score-share"),
  BASELINE_DROP("baseline-drop"),
  DISTORTION_ONSET("distortion-onset"),
  SILENT_FEED("silent-feed"),
  FROZEN_FEED("frozen-feed"),
  SCENE_CHANGE("scene-change"),
  SIGNAL_LOSS("signal-loss"),
  LENS_BLOCKED("lens-blocked"),
  FEED_LAG("feed-lag");

  private final String id;

  AlertRule(String id) {
    this.id = id;
  }

  /** The rule's name in settings and alert ids: {@code low-score}, ... */
  public String id() {
    return id;
  }
}
