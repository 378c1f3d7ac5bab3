package dev.iqmon.web;

import static dev.iqmon.web.FleetRecords.alert;
import static dev.iqmon.web.FleetRecords.image;
import static dev.iqmon.web.FleetRecords.trend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.AlertState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetStoreTest {

  private static final long NOW = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();

  private static FleetStore store(int maxFeeds) {
    return new FleetStore(
        List.of("10s", "1m"),
        maxFeeds,
        Duration.ofHours(1),
        Duration.ofHours(24),
        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  }

  @Test
  void shouldListTilesWorstFirstWithTheirLatestImage() {
    FleetStore store = store(10);
    store.image(image("good", "g-1", NOW, 90), NOW);
    store.image(image("bad", "b-1", NOW, 20), NOW);
    store.image(image("bad", "b-2", NOW + 1000, 30), NOW + 1000);
    store.image(image("bad", "b-0", NOW - 1000, 10), NOW + 2000);

    var fleet = store.fleet();

    assertThat(fleet.tiles()).extracting(FleetViews.Tile::feed).containsExactly("bad", "good");
    assertThat(fleet.tiles().get(0).imageId())
        .as("an older image does not replace")
        .isEqualTo("b-2");
    assertThat(fleet.tiles().get(0).score()).isEqualTo(30.0);
  }

  @Test
  void shouldMoveAnEpisodeFromFiringToResolved() {
    FleetStore store = store(10);
    List<FleetViews.Alert> told = new ArrayList<>();
    store.listen(
        new FleetListener() {
          @Override
          public void feedChanged(String feed) {}

          @Override
          public void alertChanged(FleetViews.Alert alert) {
            told.add(alert);
          }
        });
    store.alert(alert("cam", "low-score", NOW - 5000, null), NOW);
    assertThat(store.alerts().firing())
        .extracting(FleetViews.Alert::rule)
        .containsExactly("low-score");
    assertThat(store.fleet().firing()).isEqualTo(1);

    store.alert(alert("cam", "low-score", NOW - 5000, NOW - 1000), NOW);

    assertThat(store.alerts().firing()).isEmpty();
    assertThat(store.alerts().resolved())
        .extracting(FleetViews.Alert::state)
        .containsExactly(AlertState.RESOLVED);
    assertThat(store.feed("cam").orElseThrow().episodes()).hasSize(1);
    assertThat(told)
        .extracting(FleetViews.Alert::state)
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
  }

  @Test
  void shouldForgetEpisodesResolvedBeforeTheHistory() {
    FleetStore store = store(10);
    long dayAgo = NOW - Duration.ofHours(25).toMillis();
    store.alert(alert("cam", "low-score", dayAgo - 5000, dayAgo), NOW);
    assertThat(store.alerts().resolved()).isEmpty();
  }

  @Test
  void shouldKeepAtMostMaxFeeds() {
    FleetStore store = store(3);
    for (int i = 0; i < 10; i++) {
      store.image(image("cam-" + i, "x", NOW, 50), NOW);
    }
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void shouldKeepTrendPointsSortedAndUnique() {
    FleetStore store = store(10);
    store.trend(trend("cam", "10s", NOW, 50));
    store.trend(trend("cam", "10s", NOW - 10_000, 40));
    store.trend(trend("cam", "10s", NOW, 55));
    store.trend(trend("cam", "1m", NOW, 60));

    var series = store.feed("cam").orElseThrow().trends().get("whole");

    assertThat(series.get("10s").t()).containsExactly(NOW / 1000 - 10, NOW / 1000);
    assertThat(series.get("10s").mean()).containsExactly(40.0, 55.0);
    assertThat(series.get("1m").mean()).containsExactly(60.0);
    var spark = store.tile("cam").orElseThrow().spark();
    assertThat(spark.window()).as("the smallest window").isEqualTo("10s");
    assertThat(spark.series().base()).containsExactly(80.0, 80.0);
  }

  @Test
  void shouldShowAFeedThatHasOnlyTrendsSoFarWithoutAScore() {
    FleetStore store = store(10);
    store.trend(trend("cam", "10s", NOW, 50));

    FleetViews.Tile tile = store.tile("cam").orElseThrow();

    assertThat(tile.score()).isNull();
    assertThat(tile.level()).isNull();
    assertThat(tile.spark().series().mean()).containsExactly(50.0);
  }
}
