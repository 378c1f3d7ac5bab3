package dev.iqmon.app;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.demo.DemoEnvironment;
import dev.iqmon.demo.DemoPublisher;
import dev.iqmon.demo.DemoScenario;
import dev.iqmon.demo.ProcessMemory;
import dev.iqmon.demo.SoakTally;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole service for a long time at a steady rate, on an embedded broker and registry: the
 * demo's feeds (inline and by reference, with a corrupt image now and then), a report of
 * throughput, latency and memory every interval, and at the end a check that every image published
 * came out as a result or a dead letter, feed by feed.
 */
@Command(
    name = "soak",
    description =
        "Run the service at a steady rate for a long time on an embedded broker and registry;"
            + " report images/s, latency, heap and RSS every interval and check that counts are"
            + " conserved at the end (exit 1 if not).")
final class SoakCommand implements Callable<Integer> {

  @Option(
      names = "--rate",
      defaultValue = "4",
      description = "Images per second, all feeds together (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "30m",
      description = "How long to publish (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--report-every",
      defaultValue = "1m",
      description = "Interval between reports (default: ${DEFAULT-VALUE}).")
  Duration reportEvery;

  @Option(
      names = "--drain",
      defaultValue = "3m",
      description = "Longest wait for the last outcomes once publishing stops (default: 3m).")
  Duration drain;

  @Option(names = "--kafka-port", description = "Broker port (default: a free one).")
  int kafkaPort;

  @Option(names = "--registry-port", description = "Registry port (default: a free one).")
  int registryPort;

  @Option(names = "--metrics-port", description = "Metrics port on 127.0.0.1 (default: off).")
  int metricsPort;

  private final SoakTally tally = new SoakTally();
  private volatile boolean collecting = true;

  @Override
  public Integer call() throws Exception {
    System.setProperty(
        "org.slf4j.simpleLogger.log.org.apache.kafka",
        System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error"));
    try (DemoEnvironment environment = DemoEnvironment.start(kafkaPort, registryPort)) {
      IqmonConfig config = environment.defaultConfig(metricsPort);
      System.out.printf(
          Locale.ROOT,
          "Soak: %.2f images/s for %s over %s and %s; a report every %s%n",
          rate,
          duration,
          config.kafka().bootstrapServers(),
          config.registry().url(),
          reportEvery);
      return soak(config, environment.registryPid(), environment.spool());
    }
  }

  private int soak(IqmonConfig config, long registryPid, Path spool) throws Exception {
    SchemaRegistry registry = Clients.registry(config);
    try (IqmonService service = IqmonService.start(config);
        var producer = Clients.imageProducer(config, registry);
        KafkaConsumer<String, byte[]> consumer = outcomes(config)) {
      Memory startMemory = Memory.now(registryPid);
      System.out.printf(
          "iqmon %s, metrics %s; start: %s%n",
          service.state(),
          service.metricsPort() == 0 ? "off" : "on 127.0.0.1:" + service.metricsPort(),
          startMemory);
      Thread collector = new Thread(() -> collect(consumer, config, registry), "soak-collector");
      collector.start();
      DemoPublisher publisher =
          new DemoPublisher(
              producer, config.topics().images(), rate / DemoScenario.FEEDS.size(), spool);
      Thread publishing = new Thread(publisher, "soak-publisher");
      long start = System.nanoTime();
      publishing.start();
      Memory last = report(start, duration, registryPid);
      publisher.stop();
      publishing.join();
      producer.flush();
      boolean conserved = drain(publisher, drain);
      collecting = false;
      collector.join();
      System.out.println("memory at start: " + startMemory);
      System.out.println("memory at end:   " + last);
      System.out.println(conserved ? "counts conserved" : "COUNTS NOT CONSERVED");
      return conserved ? 0 : 1;
    }
  }

  private static KafkaConsumer<String, byte[]> outcomes(IqmonConfig config) {
    var props = Clients.consumer(config, "iqmon-soak");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(config.topics().imageQuality(), config.topics().deadLetters()));
    return consumer;
  }

  private void collect(
      KafkaConsumer<String, byte[]> consumer, IqmonConfig config, SchemaRegistry registry) {
    Deserializer<ImageQuality> results =
        AvroSerde.forValues(ImageQuality.class, registry).deserializer();
    Deserializer<DeadLetter> letters =
        AvroSerde.forValues(DeadLetter.class, registry).deserializer();
    while (collecting) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        long now = System.currentTimeMillis();
        if (record.topic().equals(config.topics().imageQuality())) {
          ImageQuality quality = results.deserialize(record.topic(), record.value());
          tally.result(quality.getFeedId(), now - quality.getCaptureTime().toEpochMilli());
        } else {
          tally.deadLetter(letters.deserialize(record.topic(), record.value()).getFeedId());
        }
      }
    }
  }

  /** Prints a line every interval until the duration is over; the memory of the last one. */
  private Memory report(long start, Duration total, long registryPid) throws InterruptedException {
    long every = reportEvery.toNanos();
    long end = start + total.toNanos();
    Memory memory = Memory.now(registryPid);
    for (long next = start + every; next <= end + every / 2; next += every) {
      Thread.sleep(Math.max(0, (Math.min(next, end) - System.nanoTime()) / 1_000_000));
      double seconds = every / 1e9;
      SoakTally.Interval interval = tally.takeInterval();
      memory = Memory.now(registryPid);
      System.out.printf(
          Locale.ROOT,
          "[%6.1fm] %6.2f images/s; latency p50 %d ms, p99 %d ms; %s%n",
          (System.nanoTime() - start) / 60e9,
          interval.results() / seconds,
          interval.p50Millis(),
          interval.p99Millis(),
          memory);
      if (next >= end) {
        break;
      }
    }
    return memory;
  }

  /** Waits until every feed's results and dead letters add up to what was published. */
  private boolean drain(DemoPublisher publisher, Duration timeout) throws InterruptedException {
    Map<String, Long> published = publisher.publishedByFeed();
    tally.awaitConserved(published, timeout);
    Map<String, Long> results = tally.results();
    Map<String, Long> letters = tally.deadLetters();
    TreeSet<String> feeds = new TreeSet<>(published.keySet());
    feeds.addAll(results.keySet());
    feeds.addAll(letters.keySet());
    for (String feed : feeds) {
      long in = published.getOrDefault(feed, 0L);
      long scored = results.getOrDefault(feed, 0L);
      long dead = letters.getOrDefault(feed, 0L);
      System.out.printf(
          "feed %-10s published %6d = results %6d + dead letters %4d%s%n",
          feed, in, scored, dead, in == scored + dead ? "" : "   MISMATCH");
    }
    return tally.conserved(published);
  }

  /** This JVM's heap after a full collection and RSS (with the broker), and the registry's RSS. */
  private record Memory(long heapAfterGc, OptionalLong rss, OptionalLong registryRss) {

    static Memory now(long registryPid) {
      long heap = ProcessMemory.heapAfterGcMebibytes();
      return new Memory(
          heap,
          ProcessMemory.residentMebibytes(ProcessHandle.current().pid()),
          ProcessMemory.residentMebibytes(registryPid));
    }

    @Override
    public String toString() {
      return "heap after GC "
          + heapAfterGc
          + " MiB, RSS "
          + mib(rss)
          + " (iqmon and broker), registry RSS "
          + mib(registryRss);
    }

    private static String mib(OptionalLong value) {
      return value.isPresent() ? value.getAsLong() + " MiB" : "unknown";
    }
  }
}
