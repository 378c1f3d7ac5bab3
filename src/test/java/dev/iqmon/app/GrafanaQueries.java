package dev.iqmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The metric names the Grafana dashboards' PromQL queries name, checked against a scrape. */
final class GrafanaQueries {

  /** Names PromQL knows that are not series, and series Prometheus itself makes. */
  private static final Set<String> NOT_METERS =
      Set.of(
          "sum",
          "max",
          "min",
          "avg",
          "count",
          "rate",
          "increase",
          "by",
          "without",
          "histogram_quantile",
          "topk",
          "bottomk",
          "sort",
          "sort_desc",
          "le",
          "on",
          "ignoring",
          "and",
          "or",
          "unless",
          "clamp_min",
          "clamp_max",
          "abs",
          "time",
          "vector",
          "label_replace",
          "up",
          "offset",
          "count_values",
          "irate",
          "delta",
          "avg_over_time",
          "max_over_time",
          "min_over_time",
          "last_over_time",
          "group_left",
          "group_right",
          "bool");

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern STRINGS = Pattern.compile("\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}");

  private GrafanaQueries() {}

  /** Every {@code expr} in the dashboards under {@code dir}, with the file it is in. */
  static List<String> expressions(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = json.readTree(file.toFile());
        dashboard.findValues("expr").stream().map(JsonNode::asText).forEach(out::add);
        // Template variables: label_values(metric, label) names a metric too.
        dashboard.findValues("query").stream()
            .filter(JsonNode::isTextual)
            .map(JsonNode::asText)
            .filter(q -> q.startsWith("label_values("))
            .map(q -> q.substring("label_values(".length(), q.indexOf(',')))
            .forEach(out::add);
      }
    }
    return out;
  }

  /** The metric names in a PromQL expression: identifiers outside labels, ranges and strings. */
  static Set<String> meterNames(String expr) {
    String bare = STRINGS.matcher(expr).replaceAll(" ");
    // "by (stage)" and the like name labels, not series.
    bare =
        bare.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(bare);
    while (m.find()) {
      String name = m.group();
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!NOT_METERS.contains(name) && !number) {
        names.add(name);
      }
    }
    return names;
  }

  /** The names the dashboards query that are not in the Prometheus scrape. */
  static List<String> missingMeters(Path dir, String scrape) throws IOException {
    Set<String> exported = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        Matcher m = NAME.matcher(line);
        if (m.lookingAt()) {
          exported.add(m.group());
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (String expr : expressions(dir)) {
      for (String name : meterNames(expr)) {
        if (!exported.contains(name)) {
          missing.add(name + " (in " + expr + ")");
        }
      }
    }
    if (expressions(dir).isEmpty()) {
      missing.add("no query found in " + dir);
    }
    return missing;
  }
}
