package dev.iqmon.alerts;

import java.util.Objects;

/**
 * What an alert is about: a feed, an ROI label and a rule, and for rules that watch several things
 * at once (one distortion type each) the one watched. Its {@link #id} is stable across episodes.
 */
public record AlertKey(String feedId, String label, String rule, String qualifier) {

  public AlertKey {
    Objects.requireNonNull(feedId, "feedId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(rule, "rule");
  }

  public static AlertKey of(String feedId, String label, String rule) {
    return new AlertKey(feedId, label, rule, null);
  }

  /** {@code feed/label/rule}, or {@code feed/label/rule:qualifier}. */
  public String id() {
    return feedId + "/" + label + "/" + ruleKey();
  }

  /** The rule and its qualifier: the alert's name within its feed and label. */
  public String ruleKey() {
    return qualifier == null ? rule : rule + ":" + qualifier;
  }
}
