package dev.iqmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.demo.DemoPublisher;
import dev.iqmon.demo.DemoScenario;
import dev.iqmon.demo.DemoSummary;
import dev.iqmon.demo.PeakMemory;
import dev.iqmon.embedded.EmbeddedKafka;
import dev.iqmon.embedded.EmbeddedRegistry;
import dev.iqmon.embedded.FreePort;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Everything in one process: a Kafka broker, a schema registry, iqmon, a publisher of sample feeds
 * that degrade and recover, and a live summary of the results.
 */
@Command(
    name = "demo",
    description =
        "Run iqmon on an embedded broker and registry with sample feeds whose quality degrades and recovers.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      description = "Stop after this long, e.g. 2m (default: run until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Broker port, a free one if taken (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "Registry port, a free one if taken (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "8080",
      description = "Metrics port, a free one if taken (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--rate",
      defaultValue = "2",
      description = "Images per second per feed (default: ${DEFAULT-VALUE}; 4 feeds).")
  double rate;

  @Option(
      names = "--model",
      paramLabel = "KIND",
      description = "learned or classical (default: the config's model.kind, classical).")
  String modelKind;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<AutoCloseable> running = new CopyOnWriteArrayList<>();

  @Override
  public Integer call() throws Exception {
    quietKafkaLogs();
    long start = System.nanoTime();
    // Ctrl-C: ask the demo to stop, then hold the JVM until everything is closed.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  if (!awaitQuietly(finished, Duration.ofSeconds(60))) {
                    running.forEach(DemoCommand::closeQuietly);
                  }
                },
                "demo-ctrl-c"));
    try {
      return demo(start);
    } finally {
      finished.countDown();
    }
  }

  /** The demo's own summary is the output; Kafka's retriable warnings would drown it. */
  private static void quietKafkaLogs() {
    System.setProperty(
        "org.slf4j.simpleLogger.log.org.apache.kafka",
        System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error"));
  }

  /**
   * Starts the broker and the registry side by side. They close in order when the demo ends, not by
   * their own shutdown hooks, which would stop them under the service on Ctrl-C.
   */
  private int demo(long start) throws Exception {
    Path work = Files.createTempDirectory("iqmon-demo");
    CompletableFuture<EmbeddedRegistry> registryStart =
        CompletableFuture.supplyAsync(
            () ->
                started(
                    EmbeddedRegistry.builder()
                        .port(FreePort.preferred(registryPort))
                        .closeOnExit(false)
                        .start()));
    EmbeddedKafka broker;
    try {
      broker =
          started(
              EmbeddedKafka.builder()
                  .port(FreePort.preferred(kafkaPort))
                  .closeOnExit(false)
                  .start());
    } catch (RuntimeException e) {
      registryStart.thenAccept(EmbeddedRegistry::close);
      throw e;
    }
    try (EmbeddedKafka kafka = broker;
        EmbeddedRegistry registry = registryStart.join();
        PeakMemory.Watch registryMemory =
            new PeakMemory.Watch(registry.process().pid(), Duration.ofSeconds(2))) {
      IqmonConfig config = config(kafka, registry, work);
      int exit = runDemo(config, start, work);
      System.out.printf(
          "Peak memory: iqmon with the broker %s, schema registry %s%n",
          PeakMemory.describe(PeakMemory.mebibytes(ProcessHandle.current().pid())),
          PeakMemory.describe(registryMemory.mebibytes()));
      return exit;
    } finally {
      deleteRecursively(work);
    }
  }

  private <T extends AutoCloseable> T started(T resource) {
    running.add(resource);
    return resource;
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      System.err.println("iqmon: could not close " + resource + ": " + e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private IqmonConfig config(EmbeddedKafka kafka, EmbeddedRegistry registry, Path work)
      throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo.yaml")) {
      ConfigLoader loader =
          new ConfigLoader()
              .text(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml")
              .set("kafka.bootstrap-servers=" + kafka.bootstrapServers())
              .set("kafka.state-dir=" + work.resolve("state"))
              .set("registry.url=" + registry.url())
              // The demo's garden feed goes by reference, through this spool only.
              .set("images.fetch.file-roots=[\"" + work.resolve("spool") + "\"]")
              .set("metrics.bind-address=127.0.0.1")
              .set("metrics.port=" + FreePort.preferred(metricsPort));
      if (modelKind != null) {
        loader.set("model.kind=" + modelKind);
      }

      return loader.load();
    }
  }

  private int runDemo(IqmonConfig config, long start, Path work) throws Exception {
    SchemaRegistry registry = Clients.registry(config);
    Path spool = Files.createDirectories(work.resolve("spool"));
    try (IqmonService service = IqmonService.start(config);
        var producer = Clients.imageProducer(config, registry);
        var consumer =
            new KafkaConsumer<>(
                Clients.consumer(config, "iqmon-demo-summary"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
      String http = "http://127.0.0.1:" + service.metricsPort();
      System.out.printf("Dashboard:               %s/%n", http);
      System.out.printf(
          "Kafka bootstrap servers: %s%nSchema registry:         %s%n",
          config.kafka().bootstrapServers(), config.registry().url());
      System.out.printf("Metrics:                 %s/metrics%n", http);
      System.out.printf(
          "Queries:                 %s/feeds/{feed}/trends and %s/feeds/{feed}/alerts, e.g.%n",
          http, http);
      for (DemoScenario.Feed feed : DemoScenario.FEEDS) {
        System.out.printf(
            "                         %s/feeds/%s/trends  %s/feeds/%s/alerts%n",
            http, feed.id(), http, feed.id());
      }
      System.out.printf(
          "Follow it from another terminal, e.g.:%n  ./iqmon tail -b %s -r %s quality-alerts%n"
              + "  ./iqmon publish -b %s -r %s --feed my-cam path/to/images%n",
          config.kafka().bootstrapServers(),
          config.registry().url(),
          config.kafka().bootstrapServers(),
          config.registry().url());
      System.out.printf(
          "iqmon started in %.1fs; publishing 4 feeds at %s images/s each%n",
          (System.nanoTime() - start) / 1e9, rate);

      DemoSummary summary =
          new DemoSummary(consumer, config.topics(), readers(registry), System.out, start);
      DemoPublisher publisher = new DemoPublisher(producer, config.topics().images(), rate, spool);
      Thread summaryThread = new Thread(summary, "demo-summary");
      Thread publisherThread = new Thread(publisher, "demo-publisher");
      summaryThread.start();
      publisherThread.start();
      long runStart = System.nanoTime();
      awaitStop();
      publisher.stop();
      publisherThread.join();
      Thread.sleep(2000); // let the last images through before reading the totals
      summary.stop();
      summaryThread.join();
      queryOnce(http);
      report(summary, publisher, (System.nanoTime() - runStart) / 1e9);
      reportBatches(service);
    }
    return 0;
  }

  /** How full the model's batches were, when the model batches at all. */
  private static void reportBatches(IqmonService service) {
    var batches = service.meters().find("iqmon.batch.size").tag("batcher", "records").summary();
    if (batches != null && batches.count() > 0) {
      System.out.printf(
          Locale.ROOT,
          "Model calls: %d, %.2f images each on average, largest %.0f (batch size %d)%n",
          batches.count(),
          batches.mean(),
          batches.max(),
          service.config().model().batchSize());
    }
  }

  private void awaitStop() throws InterruptedException {
    if (duration == null) {
      stop.await();
    } else {
      stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Whether the latch opened in time. */
  private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static DemoSummary.Readers readers(SchemaRegistry registry) {
    return new DemoSummary.Readers(
        AvroSerde.forValues(ImageQuality.class, registry).deserializer(),
        AvroSerde.forValues(QualityAlert.class, registry).deserializer(),
        AvroSerde.forValues(QualityTrend.class, registry).deserializer(),
        AvroSerde.forValues(DeadLetter.class, registry).deserializer());
  }

  /** Asks the query endpoints about every feed once, and prints what they answer, in short. */
  private static void queryOnce(String http) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    for (DemoScenario.Feed feed : DemoScenario.FEEDS) {
      try {
        JsonNode trends = get(client, json, http + "/feeds/" + feed.id() + "/trends");
        JsonNode alerts = get(client, json, http + "/feeds/" + feed.id() + "/alerts");
        List<String> firing = new ArrayList<>();
        alerts.path("firing").forEach(a -> firing.add(a.path("alertId").asText()));
        System.out.printf(
            "GET /feeds/%s: %d open trend windows, %d baselines; firing: %s%n",
            feed.id(),
            trends.path("windows").size(),
            trends.path("baselines").size(),
            firing.isEmpty() ? "none" : String.join(", ", firing));
      } catch (IOException e) {
        System.out.printf("GET /feeds/%s failed: %s%n", feed.id(), e.getMessage());
      }
    }
  }

  private static JsonNode get(HttpClient client, ObjectMapper json, String url)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " " + response.body());
    }
    return json.readTree(response.body());
  }

  private static void report(DemoSummary summary, DemoPublisher publisher, double seconds) {
    System.out.printf(
        Locale.ROOT,
        "Demo done: %d published, %d scored (%.1f images/s), %d dead letters, %d alerts fired, %d resolved; "
            + "first result after %.1fs; capture-to-result latency p50 %.0f ms, p99 %.0f ms%n",
        publisher.published(),
        summary.scored(),
        summary.scored() / seconds,
        summary.deadLetters(),
        summary.fired(),
        summary.resolved(),
        summary.firstResultSeconds(),
        summary.latencyMillis(0.5),
        summary.latencyMillis(0.99));
    System.out.printf(
        "Alerts by rule: %s; %d trend windows closed%n", summary.alertsByRule(), summary.trends());
  }
}
