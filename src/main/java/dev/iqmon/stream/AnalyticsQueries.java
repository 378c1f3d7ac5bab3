package dev.iqmon.stream;

import dev.iqmon.config.IqmonConfig;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers {@link FeedQueries} from the state stores of this instance (interactive queries), and
 * lists the other instances from the Kafka Streams metadata ({@code application.server}). A feed's
 * state is looked for in every partition this instance holds, not in the one Kafka's Java client
 * would give its id: producers that partition by another hash (librdkafka's CRC32) put it
 * elsewhere. A store that Kafka Streams cannot open right now is a {@link
 * FeedStateUnavailableException}.
 */
public final class AnalyticsQueries implements FeedQueries {

  private final KafkaStreams streams;
  private final String imagesTopic;
  private final StoreViews views;

  public AnalyticsQueries(KafkaStreams streams, IqmonConfig config) {
    this.streams = streams;
    this.imagesTopic = config.topics().images();
    this.views = StoreViews.of(config);
  }

  @Override
  public List<String> otherInstances(String self) {
    return streams.metadataForAllStreamsClients().stream()
        .map(StreamsMetadata::hostInfo)
        .filter(host -> host.port() > 0)
        .map(host -> host.host() + ":" + host.port())
        .filter(host -> !host.equals(self))
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public List<Integer> partitionsOf(String feed) {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      // Partitions may be on their way between instances: none may hold the feed right now.
      throw new FeedStateUnavailableException(
          feed,
          new IllegalStateException("the streams are " + state.name().toLowerCase(Locale.ROOT)));
    }
    return localPartitions().stream()
        .filter(partition -> readable(feed, () -> activity(partition).get(feed) != null))
        .toList();
  }

  /** The partitions of the images topic that this instance's active tasks read. */
  private TreeSet<Integer> localPartitions() {
    TreeSet<Integer> partitions = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        task.topicPartitions().stream()
            .filter(tp -> tp.topic().equals(imagesTopic))
            .forEach(tp -> partitions.add(tp.partition()));
      }
    }
    return partitions;
  }

  private ReadOnlyKeyValueStore<String, FeedActivity> activity(int partition) {
    return store(AnalyticsStores.FEED_ACTIVITY, QueryableStoreTypes.keyValueStore(), partition);
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
