package dev.iqmon.stream;

import dev.iqmon.alerts.SceneState;
import dev.iqmon.trends.Baseline;
import dev.iqmon.trends.TrendAccumulator;
import dev.iqmon.trends.WindowSlicing;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The state stores of the trends and alerts, and their keys. Every store is persistent and
 * changelogged, so it is restored after a restart or a move to another instance; a feed's state
 * lives in the task of the partition its images are published to.
 */
public final class AnalyticsStores {

  /** Trend aggregates per feed and label and time slice. */
  public static final String TREND_SLICES = "trend-slices";

  /** The task's stream time for the trend windows: the latest capture time seen. */
  public static final String TREND_CLOCK = "trend-clock";

  /** The baseline per feed and label. */
  public static final String TREND_BASELINES = "trend-baselines";

  /** Alert episodes per feed and label. */
  public static final String ALERT_STATE = "alert-state";

  /** The latest image of each feed, for the silent-feed and frozen-feed rules. */
  public static final String FEED_ACTIVITY = "feed-activity";

  /** The reference view of each feed, for the scene-change and lens-blocked rules. */
  public static final String SCENE_STATE = "scene-state";

  static final String STREAM_TIME = "stream-time";

  private static final char SEPARATOR = '\u001f';

  private AnalyticsStores() {}

  /** The key of a feed and ROI label in the stores. */
  static String key(String feed, String label) {
    return feed + SEPARATOR + label;
  }

  /** The prefix of every key of a feed. */
  static String feedPrefix(String feed) {
    return feed + SEPARATOR;
  }

  /**
   * The end of a feed's keys, for inclusive key ranges: the separator's successor sorts after every
   * key that starts with the feed's prefix, so the range from {@link #feedPrefix} to it holds all
   * of them, and of other feeds' keys at most one equal to this end.
   */
  static String feedPrefixEnd(String feed) {
    return feed + (char) (SEPARATOR + 1);
  }

  static String feedOf(String key) {
    return key.substring(0, key.indexOf(SEPARATOR));
  }

  static String labelOf(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1);
  }

  static Serde<TrendAccumulator> accumulatorSerde() {
    return Serdes.serdeFrom(
        (topic, acc) -> acc == null ? null : acc.toBytes(),
        (topic, bytes) -> bytes == null ? null : TrendAccumulator.fromBytes(bytes));
  }

  static StoreBuilder<WindowStore<String, TrendAccumulator>> slices(WindowSlicing slicing) {
    Duration slice = Duration.ofMillis(slicing.sliceLength());
    return Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                TREND_SLICES, Duration.ofMillis(slicing.retention()).plus(slice), slice, false),
            Serdes.String(),
            accumulatorSerde())
        .withCachingEnabled();
  }

  static StoreBuilder<KeyValueStore<String, Long>> clock() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(TREND_CLOCK), Serdes.String(), Serdes.Long());
  }

  static StoreBuilder<KeyValueStore<String, Baseline>> baselines() {
    return json(TREND_BASELINES, Baseline.class);
  }

  static StoreBuilder<KeyValueStore<String, LabelAlerts>> alertState() {
    return json(ALERT_STATE, LabelAlerts.class);
  }

  static StoreBuilder<KeyValueStore<String, FeedActivity>> feedActivity() {
    return json(FEED_ACTIVITY, FeedActivity.class);
  }

  static StoreBuilder<KeyValueStore<String, SceneState>> sceneState() {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SCENE_STATE),
            Serdes.String(),
            Serdes.serdeFrom(
                (topic, state) -> state == null ? null : state.toBytes(),
                (topic, bytes) -> bytes == null ? null : SceneState.fromBytes(bytes)))
        .withCachingEnabled();
  }

  private static <T> StoreBuilder<KeyValueStore<String, T>> json(String name, Class<T> type) {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), JsonSerde.of(type))
        .withCachingEnabled();
  }
}
