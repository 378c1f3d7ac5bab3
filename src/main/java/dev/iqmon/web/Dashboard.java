package dev.iqmon.web;

import com.sun.net.httpserver.HttpHandler;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.WindowConfig;
import dev.iqmon.schema.SchemaRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * The live dashboard: a {@link FleetStore} fed from the result topics, its page and API, the live
 * updates and the per-feed quality meters. {@link #register} adds its handlers to an HTTP server.
 */
public final class Dashboard implements AutoCloseable {

  private final FleetStore store;
  private final ResultTopicsReader reader;
  private final LiveUpdates live;

  public Dashboard(
      IqmonConfig config, Properties consumerProps, SchemaRegistry registry, MeterRegistry meters) {
    List<WindowConfig> windows =
        config.trends().windows().stream()
            .sorted(Comparator.comparing(WindowConfig::size))
            .toList();
    Duration history = config.dashboard().history();
    this.store =
        new FleetStore(
            windows.stream().map(WindowConfig::name).toList(),
            config.dashboard().maxFeeds(),
            history,
            config.dashboard().resolvedHistory(),
            Clock.systemUTC());
    store.listen(new FeedQualityMeters(meters, store, config.dashboard().meters()));
    this.live = new LiveUpdates(store);
    Duration largest =
        windows.isEmpty()
            ? Duration.ZERO
            : windows.get(windows.size() - 1).size().plus(windows.get(windows.size() - 1).grace());
    this.reader =
        new ResultTopicsReader(
            consumerProps,
            new ResultTopicsReader.Topics(
                config.topics().imageQuality(),
                config.topics().alerts(),
                config.topics().trends(),
                config.topics().thumbnails(),
                history.plus(largest)),
            registry,
            store);
  }

  /**
   * Adds the page, the API and the live updates under {@code /}, {@code /api/} and {@code
   * /api/events}.
   */
  public void register(BiConsumer<String, HttpHandler> server) {
    server.accept(StaticAssets.PATH, new StaticAssets());
    server.accept(DashboardApi.PATH, new DashboardApi(store));
    server.accept(LiveUpdates.PATH, live);
  }

  public void start() {
    reader.start();
  }

  public FleetStore store() {
    return store;
  }

  @Override
  public void close() {
    reader.close();
    live.close();
  }
}
