package dev.iqmon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Completes the alert overrides of the config tree before it is read into records: each entry under
 * {@code alerts.labels}, {@code alerts.feeds} and {@code alerts.feeds.<feed>.labels} becomes the
 * global rules with the overrides that apply laid over them (label, then feed, then feed and
 * label), so every rule set is complete and validated at start-up.
 */
final class AlertOverrides {

  private static final Set<String> PER_FEED_ONLY =
      Set.of(
          "silent-feed", "frozen-feed", "scene-change", "signal-loss", "lens-blocked", "feed-lag");

  private AlertOverrides() {}

  static void expand(ObjectNode root) {
    if (!(root.get("alerts") instanceof ObjectNode alerts)) {
      return;
    }
    ObjectNode global = alerts.deepCopy();
    global.remove("labels");
    global.remove("feeds");
    ObjectNode labels = objectAt(alerts, "labels", "alerts.labels");
    ObjectNode feeds = objectAt(alerts, "feeds", "alerts.feeds");
    labels.properties().forEach(e -> perLabelOnly(e.getValue(), "alerts.labels." + e.getKey()));

    ObjectNode expandedLabels = alerts.objectNode();
    labels.properties().forEach(e -> expandedLabels.set(e.getKey(), layered(global, e.getValue())));
    ObjectNode expandedFeeds = alerts.objectNode();
    feeds
        .properties()
        .forEach(
            e -> expandedFeeds.set(e.getKey(), feed(global, labels, e.getKey(), e.getValue())));
    alerts.set("labels", expandedLabels);
    alerts.set("feeds", expandedFeeds);
  }

  private static ObjectNode feed(
      ObjectNode global, ObjectNode labels, String feedId, JsonNode feedNode) {
    String path = "alerts.feeds." + feedId;
    if (!(feedNode instanceof ObjectNode feed)) {
      throw new ConfigException(path + " must be a mapping of alert rules");
    }
    ObjectNode own = feed.deepCopy();
    own.remove("labels");
    ObjectNode feedLabels = objectAt(feed, "labels", path + ".labels");
    Set<String> names = new LinkedHashSet<>();
    labels.fieldNames().forEachRemaining(names::add);
    feedLabels.fieldNames().forEachRemaining(names::add);
    ObjectNode out = layered(global, own);
    ObjectNode outLabels = out.putObject("labels");
    for (String label : names) {
      JsonNode feedLabel = feedLabels.get(label);
      if (feedLabel != null) {
        perLabelOnly(feedLabel, path + ".labels." + label);
      }
      outLabels.set(label, layered(global, labels.get(label), own, feedLabel));
    }
    return out;
  }

  private static ObjectNode layered(ObjectNode base, JsonNode... layers) {
    ObjectNode out = base.deepCopy();
    for (JsonNode layer : layers) {
      if (layer instanceof ObjectNode object) {
        ConfigLoader.merge(out, object);
      }
    }
    return out;
  }

  private static void perLabelOnly(JsonNode node, String path) {
    if (!(node instanceof ObjectNode object)) {
      throw new ConfigException(path + " must be a mapping of alert rules");
    }
    for (String rule : PER_FEED_ONLY) {
      if (object.has(rule)) {
        throw new ConfigException(
            path
                + "."
                + rule
                + ": "
                + rule
                + " watches whole feeds; set it under alerts.feeds.<feed>");
      }
    }
  }

  private static ObjectNode objectAt(ObjectNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return parent.objectNode();
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ConfigException(path + " must be a mapping");
    }
    return object;
  }
}
