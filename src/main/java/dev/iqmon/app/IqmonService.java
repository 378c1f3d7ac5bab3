package dev.iqmon.app;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.config.DashboardConfig;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.Thumbnailer;
import dev.iqmon.metrics.DependencyHealth;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.schema.RegistryUnreachableException;
import dev.iqmon.schema.SchemaRegistry;
import dev.iqmon.segment.SamSegmenter;
import dev.iqmon.stream.AnalyticsQueries;
import dev.iqmon.stream.AvroSerdes;
import dev.iqmon.stream.FeedRouting;
import dev.iqmon.stream.ImagePipeline;
import dev.iqmon.stream.IqmonTopology;
import dev.iqmon.stream.ScoringWorkers;
import dev.iqmon.stream.StaticRois;
import dev.iqmon.stream.StreamsSettings;
import dev.iqmon.web.Dashboard;
import dev.iqmon.web.FeedQueryHandler;
import dev.iqmon.web.MetricsServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: the topology on Kafka Streams, the quality model, and the HTTP endpoint
 * (metrics, health, and the feed queries, answered here or forwarded to the feed's owner). It owns
 * the model's native resources and closes them after the streams have stopped.
 */
public final class IqmonService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IqmonService.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PROBE_EVERY = Duration.ofSeconds(5);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final String KAFKA = "kafka";
  private static final String REGISTRY = "registry";

  private final IqmonConfig config;
  private final QualityModel model;
  private final Optional<SamSegmenter> segmenter;
  private final DetectorParts detectors;
  private final PrometheusMeterRegistry meters;
  private final KafkaStreamsMetrics streamsMetrics;
  private final KafkaStreams streams;
  private final MetricsServer http;
  private final Admin admin;
  private final DependencyHealth health;
  private final RegistryBackoff backoff = new RegistryBackoff();
  private final ScoringWorkers workers;
  private final Dashboard dashboard;
  private final CompletableFuture<Void> firstRunning = new CompletableFuture<>();

  private IqmonService(
      IqmonConfig config,
      QualityModel loaded,
      Optional<SamSegmenter> segmenter,
      DetectorParts detectors,
      IqmonMetrics metrics)
      throws IOException {
    this.config = config;
    this.segmenter = segmenter;
    this.detectors = detectors;
    this.meters = meterRegistry();
    metrics.bindTo(meters);
    metrics.model(loaded.info().id(), loaded.info().version(), loaded.info().provider());
    detectors.register(metrics);
    this.model = PipelineParts.acrossThreads(config, loaded, metrics);
    SchemaRegistry registry = Clients.registry(config);
    AvroSerdes serdes = new AvroSerdes(registry, config.registry().autoRegister());
    this.admin = Admin.create(TopicSetup.admin(config));
    FeedRouting routing = new FeedRouting(metrics);
    KafkaProbe kafka = new KafkaProbe(admin, config.topics().images(), routing, PROBE_TIMEOUT);
    this.health =
        new DependencyHealth(
            Map.of(KAFKA, kafka, REGISTRY, Clients.registryProbe(config)::ping), meters);
    try {
      this.http = httpServer(config, meters, this::running);
    } catch (IOException | RuntimeException e) {
      admin.close();
      throw e;
    }
    this.workers = ScoringWorkers.start(config.workers(), metrics);
    String self = http == null ? null : config.metrics().advertisedHost() + ":" + http.port();
    try {
      this.streams =
          new KafkaStreams(
              IqmonTopology.build(
                  config, pipeline(serdes, metrics), serdes, metrics, workers, routing),
              streamsProperties(serdes, metrics, self));
    } catch (RuntimeException e) {
      closeAll(http, admin, workers);
      throw e;
    }
    this.streams.setUncaughtExceptionHandler(this::threadFailed);
    this.streams.setStateListener(this::stateChanged);
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(meters);
    try {
      this.dashboard = http == null ? null : serveQueriesAndDashboard(registry, self);
    } catch (RuntimeException e) {
      closeAll(streams, streamsMetrics, http, admin, workers);
      throw e;
    }
  }

  /** A Prometheus registry with the JVM's own meters: memory, GC, threads and CPU. */
  private static PrometheusMeterRegistry meterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /** The HTTP endpoint on {@code metrics.bind-address:metrics.port}, or null when the port is 0. */
  private static MetricsServer httpServer(
      IqmonConfig config, PrometheusMeterRegistry meters, BooleanSupplier running)
      throws IOException {
    if (config.metrics().port() == 0) {
      return null;
    }
    return new MetricsServer(
        new InetSocketAddress(config.metrics().bindAddress(), config.metrics().port()),
        meters::scrape,
        running);
  }

  /** Read, check, fetch, decode, place regions and score, with thumbnails when they are on. */
  private ImagePipeline pipeline(AvroSerdes serdes, IqmonMetrics metrics) {
    ImagePipeline pipeline =
        new ImagePipeline(
            serdes.forValue(ImageEvent.class).deserializer(),
            PipelineParts.fetcher(config.images()),
            PipelineParts.decoder(config.images()),
            StaticRois.of(config),
            SegmenterParts.planner(config, segmenter),
            model,
            metrics,
            Clock.systemUTC());
    DashboardConfig.ThumbnailsConfig thumbs = config.dashboard().thumbnails();
    ImagePipeline shown =
        thumbs.enabled()
            ? pipeline.withThumbnails(
                new Thumbnailer(thumbs.width(), thumbs.maxBytes()), thumbs.minInterval())
            : pipeline;
    return shown.withDetector(detectors.finder());
  }

  /**
   * The production Streams settings; with the HTTP endpoint on, its address {@code self} too, which
   * lets each instance find, in the Streams metadata, the one that holds a feed.
   */
  private Properties streamsProperties(AvroSerdes serdes, IqmonMetrics metrics, String self) {
    Properties props = StreamsSettings.of(config, serdes, metrics);
    if (self != null) {
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self);
    }
    return props;
  }

  /** Adds the feed queries to the HTTP endpoint, and the dashboard when it is on. */
  private Dashboard serveQueriesAndDashboard(SchemaRegistry registry, String self) {
    http.handle(
        FeedQueryHandler.PATH, new FeedQueryHandler(new AnalyticsQueries(streams, config), self));
    if (!config.dashboard().enabled()) {
      return null;
    }
    Dashboard board = new Dashboard(config, Clients.consumer(config, "unused"), registry, meters);
    board.register(http::handle);
    return board;
  }

  private static void closeAll(AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Could not close {} after a failed start: {}", resource, e.toString());
      }
    }
  }

  /**
   * A stream thread stopped on an exception. A registry that does not answer is waited for: the
   * thread is replaced after a pause that doubles up to {@link RegistryBackoff#MAX}, and its tasks
   * go back to their last commit, so the records are read again and not dead-lettered.
   */
  private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse threadFailed(Throwable e) {
    if (RegistryUnreachableException.isCauseOf(e)) {
      Duration pause = backoff.next();
      health.retrying(REGISTRY, rootMessage(e));
      LOG.warn(
          "The schema registry at {} (registry.url) does not answer; the stream thread waits {}"
              + " ms and goes back to its last commit: {}",
          config.registry().url(),
          pause.toMillis(),
          rootMessage(e));
      sleep(pause);
    } else {
      LOG.error("Stream thread failed; replacing it", e);
    }
    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  private void stateChanged(KafkaStreams.State now, KafkaStreams.State before) {
    if (now == KafkaStreams.State.RUNNING) {
      firstRunning.complete(null);
    } else if (!now.isRunningOrRebalancing() && now != KafkaStreams.State.CREATED) {
      firstRunning.completeExceptionally(
          new IllegalStateException("the streams went " + now + " before they first ran"));
    }
  }

  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnreachableException) {
        return t.getMessage();
      }
    }
    return String.valueOf(e);
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Checks that the Kafka cluster and the schema registry answer, creates missing topics (when
   * configured to), loads the model, then starts the streams. Fails with a message naming the
   * setting and its value when a dependency does not answer.
   */
  public static IqmonService start(IqmonConfig config) {
    TopicSetup.requireReachable(config, TopicSetup.STARTUP_TIMEOUT);
    Clients.requireRegistry(config);
    if (config.topics().create()) {
      TopicSetup.ensure(config);
    }
    QualityModel model = PipelineParts.model(config.model());
    Optional<SamSegmenter> segmenter = Optional.empty();
    DetectorParts detectors = DetectorParts.none();
    IqmonMetrics metrics = new IqmonMetrics();
    IqmonService service;
    try {
      segmenter = SegmenterParts.open(config.segmenter());
      detectors =
          DetectorParts.open(
              config.detectors(),
              DetectorParts.feeds(config),
              config.segmenter().enabled(),
              metrics);
      service = new IqmonService(config, model, segmenter, detectors, metrics);
    } catch (IOException e) {
      detectors.close();
      segmenter.ifPresent(SamSegmenter::close);
      model.close();
      throw new UncheckedIOException(
          "cannot open the metrics port "
              + config.metrics().bindAddress()
              + ":"
              + config.metrics().port()
              + " (metrics.bind-address, metrics.port): "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      detectors.close();
      segmenter.ifPresent(SamSegmenter::close);
      model.close();
      throw e;
    }
    // Once before the streams start, so that the first records are checked for their partition.
    service.health.probeAll();
    service.health.start(PROBE_EVERY);
    service.streams.start();
    if (service.dashboard != null) {
      service.dashboard.start();
    }
    LOG.info(
        "iqmon started: model {} {} on {}, segmenter {}, detectors {}, reading '{}' from {}",
        model.info().id(),
        model.info().version(),
        model.info().provider(),
        segmenter.map(s -> "on " + s.provider()).orElse("off"),
        service.detectors.describe(),
        config.topics().images(),
        config.kafka().bootstrapServers());
    return service;
  }

  public boolean running() {
    // The HTTP server starts first, so a probe may come before the streams exist.
    return streams != null && streams.state().isRunningOrRebalancing() && health.allUp();
  }

  /** Whether the Kafka cluster and the schema registry answer, and why not. */
  public DependencyHealth health() {
    return health;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Waits until the streams first run: every task assigned and its state restored. Fails when they
   * stop first or {@code timeout} passes.
   */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    try {
      firstRunning.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the streams did not run within " + timeout.toSeconds() + "s; they are " + state(), e);
    }
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** The port of the metrics endpoint and the feed queries, or 0 when it is off. */
  public int metricsPort() {
    return http == null ? 0 : http.port();
  }

  public IqmonConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (dashboard != null) {
      dashboard.close();
    }
    streams.close(CLOSE_TIMEOUT);
    health.close();
    admin.close();
    streamsMetrics.close();
    // After the streams, before the model: work already on the pool finishes with the model open.
    workers.close();
    if (http != null) {
      http.close();
    }
    segmenter.ifPresent(SamSegmenter::close);
    detectors.close();
    model.close();
    meters.close();
  }
}
