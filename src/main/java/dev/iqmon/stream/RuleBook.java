package dev.iqmon.stream;

import dev.iqmon.alerts.AlertRules;
import dev.iqmon.alerts.RuleSet;
import dev.iqmon.config.AlertRulesConfig;
import dev.iqmon.config.AlertsConfig;
import dev.iqmon.config.TrendsConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alert rules of each feed and ROI label, from the config's global settings and overrides. Rule
 * sets are built once per distinct setting and shared by every stream thread.
 */
final class RuleBook {

  private final AlertsConfig alerts;
  private final TrendsConfig trends;
  private final Map<AlertRulesConfig, RuleSet> built = new ConcurrentHashMap<>();

  RuleBook(AlertsConfig alerts, TrendsConfig trends) {
    this.alerts = alerts;
    this.trends = trends;
  }

  /** The rules of a feed and ROI label. */
  RuleSet forLabel(String feed, String label) {
    return built.computeIfAbsent(alerts.rulesFor(feed, label), this::build);
  }

  /** The rules that watch a whole feed: silence and frozen content. */
  RuleSet forFeed(String feed) {
    return built.computeIfAbsent(alerts.rulesFor(feed), this::build);
  }

  /** The score under which an image counts as low, in alerts and in the trends' share. */
  double lowScoreThreshold(String feed, String label) {
    return alerts.rulesFor(feed, label).lowScore().fireBelow();
  }

  private RuleSet build(AlertRulesConfig rules) {
    return AlertRules.of(
        rules,
        trends.windowOrFirst(rules.lowScoreShare().window()),
        trends.windowOrFirst(trends.baseline().window()),
        trends.baseline().warmUp());
  }
}
