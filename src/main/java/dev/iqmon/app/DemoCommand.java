package dev.iqmon.app;

import dev.iqmon.config.IqmonConfig;
import dev.iqmon.demo.DemoEnvironment;
import dev.iqmon.demo.DemoRun;
import dev.iqmon.demo.DemoStop;
import dev.iqmon.schema.SchemaRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Everything in one process: a Kafka broker, a schema registry, iqmon, a publisher of sample feeds
 * that degrade and recover, and a live summary of the results. The demo itself is in {@code
 * dev.iqmon.demo}; this wires it to the service.
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

  @Override
  public Integer call() throws Exception {
    quietKafkaLogs();
    long start = System.nanoTime();
    Optional<Duration> until = Optional.ofNullable(duration);
    DemoStop stop = DemoStop.onCtrlC();
    try (DemoEnvironment environment = DemoEnvironment.start(kafkaPort, registryPort, stop)) {
      IqmonConfig config = environment.config(metricsPort, modelKind);
      SchemaRegistry registry = Clients.registry(config);
      try (IqmonService service = IqmonService.start(config);
          var producer = Clients.imageProducer(config, registry);
          var consumer =
              new KafkaConsumer<>(
                  Clients.consumer(config, "iqmon-demo-summary"),
                  new StringDeserializer(),
                  new ByteArrayDeserializer())) {
        new DemoRun(config, rate, start, System.out)
            .run(
                new DemoRun.Service(
                    service.metricsPort(), service.meters(), producer, consumer, registry),
                environment.spool(),
                stop,
                until);
      }
      environment.printPeakMemory(System.out);
      return 0;
    } finally {
      stop.finished();
    }
  }

  /** The demo's own summary is the output; Kafka's retriable warnings would drown it. */
  private static void quietKafkaLogs() {
    System.setProperty(
        "org.slf4j.simpleLogger.log.org.apache.kafka",
        System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error"));
  }
}
