package dev.iqmon.web;

import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the result topics into a {@link FleetStore}, on a thread of its own, with no consumer
 * group: every partition of every topic, so each instance holds the whole fleet. Thumbnails and
 * alerts are read from the start (one per feed after compaction; alerts are few, and an alert that
 * fired long ago may still be firing); images and trends from {@code lookback} ago.
 */
public final class ResultTopicsReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResultTopicsReader.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY = Duration.ofSeconds(1);

  /** The topics read, and how far back each starts (null: from the beginning). */
  public record Topics(
      String imageQuality, String alerts, String trends, String thumbnails, Duration lookback) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final Topics topics;
  private final FleetStore store;
  private final Clock clock;
  private final Map<String, Deserializer<?>> readers = new HashMap<>();
  private final AtomicLong skipped = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  public ResultTopicsReader(
      Properties consumerProps, Topics topics, SchemaRegistry registry, FleetStore store) {
    Properties props = new Properties();
    props.putAll(consumerProps);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.topics = topics;
    this.store = store;
    this.clock = Clock.systemUTC();
    readers.put(topics.imageQuality(), reader(ImageQuality.class, registry));
    readers.put(topics.alerts(), reader(QualityAlert.class, registry));
    readers.put(topics.trends(), reader(QualityTrend.class, registry));
    readers.put(topics.thumbnails(), reader(FeedThumbnail.class, registry));
    this.thread = new Thread(this::run, "iqmon-dashboard-reader");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Records that could not be read (logged once each) and were left out. */
  public long skipped() {
    return skipped.get();
  }

  private static Deserializer<?> reader(
      Class<? extends org.apache.avro.specific.SpecificRecord> type, SchemaRegistry registry) {
    return AvroSerde.forValues(type, registry).deserializer();
  }

  private void run() {
    try {
      assignWhenPresent();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          apply(r);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("The dashboard stopped reading the result topics", e);
    } finally {
      consumer.close();
    }
  }

  private void assignWhenPresent() throws InterruptedException {
    List<String> names =
        List.of(topics.thumbnails(), topics.alerts(), topics.trends(), topics.imageQuality());
    while (running) {
      List<TopicPartition> partitions = new ArrayList<>();
      boolean all = true;
      for (String name : names) {
        List<PartitionInfo> infos = consumer.partitionsFor(name);
        if (infos == null || infos.isEmpty()) {
          all = false;
          break;
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      if (all) {
        consumer.assign(partitions);
        seek(partitions);
        return;
      }
      LOG.info("The dashboard waits for the result topics {} to exist", names);
      Thread.sleep(RETRY.toMillis());
    }
  }

  private void seek(List<TopicPartition> partitions) {
    long since = clock.millis() - topics.lookback().toMillis();
    Map<TopicPartition, Long> byTime = new HashMap<>();
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (tp.topic().equals(topics.thumbnails()) || tp.topic().equals(topics.alerts())) {
        fromStart.add(tp);
      } else {
        byTime.put(tp, since);
      }
    }
    consumer.seekToBeginning(fromStart);
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(byTime);
    List<TopicPartition> toEnd = new ArrayList<>();
    byTime
        .keySet()
        .forEach(
            tp -> {
              OffsetAndTimestamp at = offsets.get(tp);
              if (at == null) {
                toEnd.add(tp);
              } else {
                consumer.seek(tp, at.offset());
              }
            });
    consumer.seekToEnd(toEnd);
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return;
    }
    Object value;
    try {
      value = readers.get(r.topic()).deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      skipped.incrementAndGet();
      LOG.warn(
          "The dashboard skips {}-{}@{}: cannot read it: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return;
    }
    if (value instanceof ImageQuality image) {
      store.image(image, r.timestamp());
    } else if (value instanceof QualityAlert alert) {
      store.alert(alert, r.timestamp());
    } else if (value instanceof QualityTrend trend) {
      store.trend(trend);
    } else if (value instanceof FeedThumbnail thumbnail) {
      store.thumbnail(thumbnail);
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive()) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
