package dev.iqmon.stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queries on streams that cannot answer yet: iqmon's exception, not Kafka Streams'. */
class AnalyticsQueriesTest {

  @Test
  void shouldSayTheFeedsStateIsUnavailableBeforeTheStreamsStart(@TempDir Path state) {
    IqmonConfig config = new ConfigLoader().set("kafka.bootstrap-servers=127.0.0.1:1").load();
    StreamsBuilder builder = new StreamsBuilder();
    builder.table("in", Consumed.with(null, null), Materialized.as(AnalyticsStores.ALERT_STATE));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "queries-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      AnalyticsQueries queries = new AnalyticsQueries(streams, config);

      assertThatThrownBy(() -> queries.partitionsOf("cam-1"))
          .isInstanceOf(FeedStateUnavailableException.class)
          .hasMessage(
              "the state of feed 'cam-1' is not readable here right now: the streams are created");
      assertThatThrownBy(() -> queries.alerts("cam-1", 0))
          .isInstanceOf(FeedStateUnavailableException.class)
          .hasMessageStartingWith("the state of feed 'cam-1' is not readable here right now");
    }
  }
}
