package dev.iqmon.web;

import static dev.iqmon.web.FleetRecords.alert;
import static dev.iqmon.web.FleetRecords.image;
import static dev.iqmon.web.FleetRecords.trend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.config.DashboardConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FeedQualityMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FleetStore store =
      new FleetStore(
          List.of("10s"), 1000, Duration.ofHours(1), Duration.ofHours(24), Clock.systemUTC());

  private void meters(int maxFeeds, List<String> allowList, int maxLabels) {
    store.listen(
        new FeedQualityMeters(
            registry, store, new DashboardConfig.FeedMetersConfig(maxFeeds, allowList, maxLabels)));
  }

  private Set<String> tagValues(String meter, String tag) {
    return registry.find(meter).meters().stream()
        .map(m -> m.getId().getTag(tag))
        .collect(Collectors.toSet());
  }

  private double gauge(String meter, String... tags) {
    return registry.get(meter).tags(tags).gauge().value();
  }

  @Test
  void shouldGiveTheFirstFeedsTheirOwnTagAndPoolTheRest() {
    meters(3, List.of(), 8);
    for (int i = 0; i < 20; i++) {
      store.image(image("cam-" + i, "x", 1000, 10 + i, "door", "road"), 1000);
      store.trend(trend("cam-" + i, "10s", 1000, 10 + i));
      store.alert(alert("cam-" + i, "low-score", 1000, null), 1000);
    }

    assertThat(tagValues(FeedQualityMeters.SCORE, "feed"))
        .containsExactlyInAnyOrder("cam-0", "cam-1", "cam-2", "_other");
    assertThat(tagValues(FeedQualityMeters.WINDOW_MEAN, "feed")).hasSize(4);
    assertThat(tagValues(FeedQualityMeters.FIRING, "feed")).hasSize(4);
    assertThat(gauge(FeedQualityMeters.SCORE, "feed", "cam-1", "label", "whole")).isEqualTo(11);
    assertThat(
            gauge(
                FeedQualityMeters.WINDOW_MEAN, "feed", "cam-2", "label", "whole", "window", "10s"))
        .isEqualTo(12);
    // cam-3 .. cam-19 score 13 .. 29: their mean.
    assertThat(gauge(FeedQualityMeters.SCORE, "feed", "_other", "label", "whole")).isEqualTo(21);
    assertThat(gauge(FeedQualityMeters.FIRING, "feed", "_other", "rule", "low-score"))
        .isEqualTo(17);
    assertThat(registry.getMeters()).as("series in all").hasSizeLessThanOrEqualTo(4 * 3 + 4 + 4);
  }

  @Test
  void shouldTagOnlyTheAllowListedFeeds() {
    meters(50, List.of("lobby"), 8);
    store.image(image("lobby", "x", 1000, 70), 1000);
    store.image(image("cafe", "x", 1000, 30), 1000);
    store.image(image("garden", "x", 1000, 50), 1000);

    assertThat(tagValues(FeedQualityMeters.SCORE, "feed"))
        .containsExactlyInAnyOrder("lobby", "_other");
    assertThat(gauge(FeedQualityMeters.SCORE, "feed", "_other", "label", "whole")).isEqualTo(40);
  }

  @Test
  void shouldBoundTheLabelsOfAFeed() {
    meters(10, List.of(), 2);
    store.image(image("cam", "x", 1000, 80, "a", "b", "c", "d"), 1000);

    assertThat(tagValues(FeedQualityMeters.SCORE, "label"))
        .containsExactlyInAnyOrder("whole", "a", "_other");
    assertThat(gauge(FeedQualityMeters.SCORE, "feed", "cam", "label", "_other"))
        .as("the worst of the pooled labels")
        .isEqualTo(70);
  }

  @Test
  void shouldCountAResolvedAlertOutOfTheFiringGauge() {
    meters(10, List.of(), 8);
    store.alert(alert("cam", "low-score", 1000, null), 1000);
    assertThat(gauge(FeedQualityMeters.FIRING, "feed", "cam", "rule", "low-score")).isEqualTo(1);

    store.alert(alert("cam", "low-score", 1000, 5000L), 5000);

    assertThat(gauge(FeedQualityMeters.FIRING, "feed", "cam", "rule", "low-score")).isZero();
    assertThat(registry.getMeters()).allMatch(m -> m instanceof Gauge || m instanceof Meter);
  }
}
