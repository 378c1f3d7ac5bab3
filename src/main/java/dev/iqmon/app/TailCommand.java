package dev.iqmon.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.schema.GenericAvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints the records of any iqmon topic as JSON lines, decoded with the writer's schema from the
 * registry.
 */
@Command(
    name = "tail",
    description =
        "Print the records of a topic as JSON lines (region-scores, image-quality, quality-alerts, quality-trends, images.dlq, images).")
final class TailCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to read.")
  String topic;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest record instead of new ones.")
  boolean fromBeginning;

  @Option(
      names = {"-n", "--max"},
      defaultValue = "0",
      description = "Stop after this many records (0: never).")
  long max;

  @Option(
      names = "--idle",
      defaultValue = "0s",
      description = "Stop after this long without a record, e.g. 10s (0s: never).")
  Duration idle;

  @Option(
      names = "--bytes-base64",
      description = "Print bytes fields in full, in base64, instead of their length.")
  boolean bytesBase64;

  private static java.util.Map<String, ?> topics(KafkaConsumer<?, ?> consumer, IqmonConfig config) {
    try {
      return consumer.listTopics(Duration.ofSeconds(30));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + config.kafka().bootstrapServers() + " within 30s", e);
    }
  }

  @Override
  public Integer call() throws Exception {

    IqmonConfig config = connection.load();
    var props = Clients.consumer(config, "iqmon-tail-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
    Duration idleLimit = idle;
    ObjectMapper json = new ObjectMapper();
    AvroJson avroJson = new AvroJson(bytesBase64);
    long seen = 0;
    long lastRecord = System.nanoTime();
    try (var deserializer = new GenericAvroDeserializer(Clients.registry(config));
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
      if (!topics(consumer, config).containsKey(topic)) {
        throw new IllegalArgumentException(
            "no topic '" + topic + "' on " + config.kafka().bootstrapServers());
      }
      consumer.subscribe(List.of(topic));

      while (max == 0 || seen < max) {
        for (ConsumerRecord<String, GenericRecord> record : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(
              record.value() == null
                  ? "null"
                  : json.writeValueAsString(avroJson.toJson(record.value())));
          lastRecord = System.nanoTime();
          if (++seen == max) {
            break;
          }
        }
        if (!idleLimit.isZero() && System.nanoTime() - lastRecord > idleLimit.toNanos()) {
          break;
        }
      }
    }
    return 0;
  }
}
