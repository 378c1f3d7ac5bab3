package dev.iqmon.demo;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.config.ImagesConfig;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.DecodeLimits;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One demo on a running service: prints where everything is, publishes the sample feeds and follows
 * the results until the demo is told to stop, waits until every image published has come out as a
 * result or a dead letter, asks the query endpoints about each feed, and reports.
 */
public final class DemoRun {

  /** How long the last images published may take to come out before the totals are read. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** The same after Ctrl-C, which leaves the whole demo a few seconds to end. */
  private static final Duration INTERRUPTED_DRAIN_TIMEOUT = Duration.ofSeconds(2);

  private final IqmonConfig config;
  private final double rate;
  private final long startNanos;
  private final PrintStream out;

  /** {@code rate} images per second per feed; times printed since {@code startNanos}. */
  public DemoRun(IqmonConfig config, double rate, long startNanos, PrintStream out) {
    this.config = config;
    this.rate = rate;
    this.startNanos = startNanos;
    this.out = out;
  }

  /** What the demo talks to: the service's HTTP port and meters, and Kafka clients. */
  public record Service(
      int httpPort,
      MeterRegistry meters,
      Producer<String, ImageEvent> producer,
      Consumer<String, byte[]> consumer,
      SchemaRegistry registry) {}

  /** Runs until {@code stop} is given or {@code duration} has passed, then reports. */
  public void run(Service service, Path spool, DemoStop stop, Optional<Duration> duration)
      throws InterruptedException {
    String http = "http://127.0.0.1:" + service.httpPort();
    printAddresses(http);
    out.printf(
        "iqmon started in %.1fs; publishing 4 feeds at %s images/s each%n",
        (System.nanoTime() - startNanos) / 1e9, rate);

    DemoSummary summary =
        new DemoSummary(
            service.consumer(), config.topics(), readers(service.registry()), out, startNanos);
    DemoPublisher publisher =
        new DemoPublisher(service.producer(), config.topics().images(), rate, spool);
    Thread summaryThread = new Thread(summary, "demo-summary");
    Thread publisherThread = new Thread(publisher, "demo-publisher");
    summaryThread.start();
    publisherThread.start();
    long runStart = System.nanoTime();
    stop.await(duration);
    publisher.stop();
    publisherThread.join();
    summary.awaitOutcomes(
        publisher.published(), stop.interrupted() ? INTERRUPTED_DRAIN_TIMEOUT : DRAIN_TIMEOUT);
    summary.stop();
    summaryThread.join();
    DemoReport report = new DemoReport(out);
    report.queryOnce(http);
    report.totals(summary, publisher, (System.nanoTime() - runStart) / 1e9);
    report.batches(service.meters(), config.model().batchSize());
  }

  /** The service's JPEG decoder, with the line that speeds up a slow one. */
  private String jpegDecoder() {
    boolean auto = config.images().jpegDecoder() == ImagesConfig.JpegDecoder.AUTO;
    String decoder = new ImageDecoder(DecodeLimits.DEFAULT, auto).jpegDecoder();
    return decoder.equals("imageio") && auto
        ? decoder + " (apt-get install libturbojpeg0 for libjpeg-turbo: README, Decoding JPEGs)"
        : decoder;
  }

  private void printAddresses(String http) {
    out.printf("Dashboard:               %s/%n", http);
    out.printf(
        "Kafka bootstrap servers: %s%nSchema registry:         %s%n",
        config.kafka().bootstrapServers(), config.registry().url());
    out.printf("Metrics:                 %s/metrics%n", http);
    out.printf("JPEG decoder:            %s%n", jpegDecoder());
    out.printf(
        "Queries:                 %s/feeds/{feed}/trends and %s/feeds/{feed}/alerts, e.g.%n",
        http, http);
    for (DemoScenario.Feed feed : DemoScenario.FEEDS) {
      out.printf(
          "                         %s/feeds/%s/trends  %s/feeds/%s/alerts%n",
          http, feed.id(), http, feed.id());
    }
    out.printf(
        "Follow it from another terminal, e.g.:%n  ./iqmon tail -b %s -r %s quality-alerts%n"
            + "  ./iqmon publish -b %s -r %s --feed my-cam path/to/images%n",
        config.kafka().bootstrapServers(),
        config.registry().url(),
        config.kafka().bootstrapServers(),
        config.registry().url());
  }

  private static DemoSummary.Readers readers(SchemaRegistry registry) {
    return new DemoSummary.Readers(
        AvroSerde.forValues(ImageQuality.class, registry).deserializer(),
        AvroSerde.forValues(QualityAlert.class, registry).deserializer(),
        AvroSerde.forValues(QualityTrend.class, registry).deserializer(),
        AvroSerde.forValues(DeadLetter.class, registry).deserializer());
  }
}
