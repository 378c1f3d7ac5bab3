package dev.iqmon.stream;

import static dev.iqmon.stream.AlertTopologyTest.RULES_OFF;
import static dev.iqmon.stream.AlertTopologyTest.publishScores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.iqmon.stream.FeedQueries.TrendsView;
import dev.iqmon.stream.FeedQueries.WindowView;
import dev.iqmon.trends.TrendAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/** The query views read from the stores that the real topology fills. */
class StoreViewsTest {

  private static final String CONFIG =
      """
      alerts:
        low-score: {enabled: true, fire-below: 40, resolve-at-or-above: 50, consecutive: 2}
      trends:
        windows:
          - {name: 10s, size: 10s, grace: 0s}
          - {name: 30s, size: 30s, advance: 10s, grace: 0s}
        baseline: {window: 10s, alpha: 0.5, warm-up: 1}
      """;

  private static TrendsView trends(TopologyHarness t, String feed) {
    return StoreViews.of(t.config)
        .trends(
            feed,
            t.driver.getKeyValueStore(AnalyticsStores.TREND_CLOCK),
            t.driver.getKeyValueStore(AnalyticsStores.TREND_BASELINES),
            t.driver.getWindowStore(AnalyticsStores.TREND_SLICES));
  }

  @Test
  void shouldListTheOpenWindowsOfAFeedWithTheirBaselines() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, CONFIG)) {
      for (int s = 0; s < 13; s++) {
        publishScores(t, "cam-1", s, s < 10 ? 80 : 60);
      }
      publishScores(t, "cam-2", 0, 90);

      TrendsView view = trends(t, "cam-1");
      assertThat(view.streamTime()).isEqualTo("2026-01-01T00:00:12Z");
      assertThat(view.baselines())
          .singleElement()
          .satisfies(
              b -> {
                assertThat(b.label()).isEqualTo("whole");
                assertThat(b.mean()).isCloseTo(80, offset(0.5));
                assertThat(b.windows()).isEqualTo(1);
              });
      assertThat(view.windows())
          .extracting(w -> w.window() + " " + w.start().substring(17, 19) + " " + w.count())
          .containsExactly("30s 50 13", "10s 10 3", "30s 00 13", "30s 10 3");
      WindowView open = view.windows().get(1);
      assertThat(open.mean()).isCloseTo(60, offset(0.5));
      assertThat(open.closesAt()).isEqualTo("2026-01-01T00:00:20Z");
      assertThat(open.threshold()).isEqualTo(40.0);
      assertThat(trends(t, "cam-2").windows()).allMatch(w -> w.mean() > 89);
    }
  }

  @Test
  void shouldListOnlyTheAlertsThatAreFiring() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, CONFIG)) {
      publishScores(t, "cam-1", 0, 30, 30);
      publishScores(t, "cam-2", 0, 30, 30, 80, 80);
      var store = t.driver.<String, LabelAlerts>getKeyValueStore(AnalyticsStores.ALERT_STATE);

      assertThat(StoreViews.alerts("cam-1", store))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.alertId()).isEqualTo("cam-1/whole/low-score");
                assertThat(a.firedAt()).isEqualTo("2026-01-01T00:00:01Z");
                assertThat(a.imageIds()).containsExactly("cam-1-0", "cam-1-1");
              });
      assertThat(StoreViews.alerts("cam-2", store)).isEmpty();
    }
  }

  @Test
  void shouldReadOnlyTheAskedFeedsKeysForItsOpenWindows() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, CONFIG)) {
      publishScores(t, "cam-1", 0, 70, 70);
      publishScores(t, "cam-10", 0, 20, 20);
      publishScores(t, "cam-2", 0, 90, 90);
      OneRangeStore slices =
          new OneRangeStore(t.driver.getWindowStore(AnalyticsStores.TREND_SLICES));

      TrendsView view =
          StoreViews.of(t.config)
              .trends(
                  "cam-1",
                  t.driver.getKeyValueStore(AnalyticsStores.TREND_CLOCK),
                  t.driver.getKeyValueStore(AnalyticsStores.TREND_BASELINES),
                  slices);

      assertThat(view.windows()).isNotEmpty().allMatch(w -> Math.abs(w.mean() - 70) < 0.5);
      assertThat(slices.keysRead).isNotEmpty().allMatch(k -> k.equals("cam-1\u001fwhole"));
    }
  }

  /** Answers key-range fetches from the real store and records the keys they yield; no scans. */
  private static final class OneRangeStore
      implements ReadOnlyWindowStore<String, TrendAccumulator> {
    final ReadOnlyWindowStore<String, TrendAccumulator> store;
    final List<String> keysRead = new ArrayList<>();

    OneRangeStore(ReadOnlyWindowStore<String, TrendAccumulator> store) {
      this.store = store;
    }

    @Override
    public KeyValueIterator<Windowed<String>, TrendAccumulator> fetch(
        String keyFrom, String keyTo, Instant timeFrom, Instant timeTo) {
      KeyValueIterator<Windowed<String>, TrendAccumulator> it =
          store.fetch(keyFrom, keyTo, timeFrom, timeTo);
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<Windowed<String>, TrendAccumulator> next() {
          KeyValue<Windowed<String>, TrendAccumulator> kv = it.next();
          keysRead.add(kv.key.key());
          return kv;
        }

        @Override
        public Windowed<String> peekNextKey() {
          return it.peekNextKey();
        }

        @Override
        public void close() {
          it.close();
        }
      };
    }

    @Override
    public TrendAccumulator fetch(String key, long time) {
      throw new AssertionError("a single window was fetched");
    }

    @Override
    public WindowStoreIterator<TrendAccumulator> fetch(String key, Instant from, Instant to) {
      throw new AssertionError("a single key was fetched");
    }

    @Override
    public KeyValueIterator<Windowed<String>, TrendAccumulator> all() {
      throw new AssertionError("every feed was scanned");
    }

    @Override
    public KeyValueIterator<Windowed<String>, TrendAccumulator> fetchAll(Instant from, Instant to) {
      throw new AssertionError("every feed was scanned");
    }
  }
}
