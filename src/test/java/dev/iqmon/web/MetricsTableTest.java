package dev.iqmon.web;

import static dev.iqmon.web.FleetRecords.alert;
import static dev.iqmon.web.FleetRecords.image;
import static dev.iqmon.web.FleetRecords.trend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.config.DashboardConfig;
import dev.iqmon.metrics.DependencyHealth;
import dev.iqmon.metrics.IqmonMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of meters names every meter iqmon exports, with its tags, and no other. */
class MetricsTableTest {

  private static final Pattern ROW = Pattern.compile("^\\| `(iqmon_\\w+)(?:\\{([\\w,]+)\\})?` \\|");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (iqmon_\\w+) (\\w+)$");
  private static final Pattern SAMPLE = Pattern.compile("^(iqmon_\\w+)(?:\\{(.*)\\})? \\S+$");
  private static final Set<String> SERIES_TAGS = Set.of("le", "quantile");

  /** Meter name to tag names, from the rows of the README's Metrics section. */
  private static Map<String, Set<String>> documented() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf("## Metrics");
    assertThat(start).as("the README's Metrics section").isNotNegative();
    Map<String, Set<String>> meters = new TreeMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        Set<String> tags = new TreeSet<>();
        if (row.group(2) != null) {
          tags.addAll(Arrays.asList(row.group(2).split(",")));
        }
        meters.put(row.group(1), tags);
      }
    }
    return meters;
  }

  /** Every meter of the service, with a feed seen by the feed meters, as Prometheus scrapes it. */
  private static String scrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IqmonMetrics metrics = IqmonMetrics.boundTo(registry);
    metrics.model("iqmon-roi-quality", "1.0.0", "cpu");
    metrics.detector("nanodet-g-416", "cpu");
    new DependencyHealth(Map.of("kafka", () -> {}, "registry", () -> {}), registry).close();
    FleetStore store =
        new FleetStore(
            List.of("10s"), 1000, Duration.ofHours(1), Duration.ofHours(24), Clock.systemUTC());
    store.listen(
        new FeedQualityMeters(
            registry, store, new DashboardConfig.FeedMetersConfig(50, List.of(), 8)));
    store.image(image("cam-1", "img-1", 1000, 60, "door"), 1000);
    store.trend(trend("cam-1", "10s", 1000, 60));
    store.alert(alert("cam-1", "low-score", 1000, null), 1000);
    return registry.scrape();
  }

  /** Meter name to tag names, from the {@code # TYPE} lines and samples of a scrape. */
  private static Map<String, Set<String>> exported(String scrape) {
    Map<String, Set<String>> meters = new TreeMap<>();
    List<String> lines = scrape.lines().toList();
    for (String line : lines) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        meters.put(type.group(1), new TreeSet<>());
      }
    }
    // Micrometer exports the largest value of a timer or summary beside it, as NAME_max.
    meters.keySet().removeIf(name -> name.endsWith("_max") && meters.containsKey(base(name)));
    for (String line : lines) {
      Matcher sample = SAMPLE.matcher(line);
      if (sample.matches() && sample.group(2) != null) {
        String family = family(meters.keySet(), sample.group(1));
        for (String pair : sample.group(2).split(",(?=\\w+=\")")) {
          String tag = pair.substring(0, pair.indexOf('='));
          if (family != null && !SERIES_TAGS.contains(tag)) {
            meters.get(family).add(tag);
          }
        }
      }
    }
    return meters;
  }

  private static String base(String maxName) {
    return maxName.substring(0, maxName.length() - "_max".length());
  }

  /** The meter a sample belongs to: its own name, or the name its series suffix extends. */
  private static String family(Set<String> names, String sample) {
    if (names.contains(sample)) {
      return sample;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      if (sample.endsWith(suffix)
          && names.contains(sample.substring(0, sample.length() - suffix.length()))) {
        return sample.substring(0, sample.length() - suffix.length());
      }
    }
    return null;
  }

  @Test
  void shouldListEveryExportedMeterWithItsTagsAndNoOther() throws IOException {
    Map<String, Set<String>> documented = documented();

    assertThat(documented).hasSizeGreaterThan(20);
    assertThat(exported(scrape())).isEqualTo(documented);
  }
}
