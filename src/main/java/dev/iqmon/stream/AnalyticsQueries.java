package dev.iqmon.stream;

import dev.iqmon.config.IqmonConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Answers {@link FeedQueries} from the state stores of this instance (interactive queries), and
 * finds the owner of a feed from the Kafka Streams metadata ({@code application.server}). A store
 * that Kafka Streams cannot open right now is a {@link FeedStateUnavailableException}.
 */
public final class AnalyticsQueries implements FeedQueries {

  private final KafkaStreams streams;
  private final StoreViews views;

  public AnalyticsQueries(KafkaStreams streams, IqmonConfig config) {
    this.streams = streams;
    this.views = StoreViews.of(config);
  }

  @Override
  public Optional<Owner> owner(String feed) {
    KeyQueryMetadata meta;
    try {
      meta =
          streams.queryMetadataForKey(AnalyticsStores.ALERT_STATE, feed, AnalyticsStores.byFeed());
    } catch (InvalidStateStoreException e) {
      throw new FeedStateUnavailableException(feed, e);
    }
    if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
      return Optional.empty();
    }
    return Optional.of(
        new Owner(meta.activeHost().host() + ":" + meta.activeHost().port(), meta.partition()));
  }

  @Override
  public TrendsView trends(String feed, int partition) {
    if (views.slicing() == null) {
      return new TrendsView(feed, null, List.of(), List.of());
    }
    return readable(
        feed,
        () ->
            views.trends(
                feed,
                store(AnalyticsStores.TREND_CLOCK, QueryableStoreTypes.keyValueStore(), partition),
                store(
                    AnalyticsStores.TREND_BASELINES,
                    QueryableStoreTypes.keyValueStore(),
                    partition),
                store(AnalyticsStores.TREND_SLICES, QueryableStoreTypes.windowStore(), partition)));
  }

  @Override
  public List<AlertView> alerts(String feed, int partition) {
    return readable(
        feed,
        () ->
            StoreViews.alerts(
                feed,
                store(
                    AnalyticsStores.ALERT_STATE, QueryableStoreTypes.keyValueStore(), partition)));
  }

  /** A store closed under the read (a rebalance) is as unavailable as one not open yet. */
  private static <T> T readable(String feed, Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidStateStoreException e) {
      throw new FeedStateUnavailableException(feed, e);
    }
  }

  private <T> T store(String name, QueryableStoreType<T> type, int partition) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
  }
}
