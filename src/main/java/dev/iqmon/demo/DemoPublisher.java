package dev.iqmon.demo;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.RoiHint;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageFormat;
import dev.iqmon.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes the demo feeds at a steady rate: each feed's sample photo, damaged, frozen or held back
 * when the scenario says so, inline or (the garden feed) by file reference; now and then a corrupt
 * image, which iqmon must dead-letter.
 */
public final class DemoPublisher implements Runnable {

  private static final int SPOOL_FILES = 256;
  private static final Duration CORRUPT_EVERY = Duration.ofSeconds(20);
  private static final RoiHint LOBBY_FACE =
      RoiHint.newBuilder()
          .setId("face")
          .setLabel("face")
          .setBox(new Box(160.0, 40.0, 150.0, 150.0))
          .build();

  private final Producer<String, ImageEvent> producer;
  private final String topic;
  private final double imagesPerSecondPerFeed;
  private final Path spool;
  private final Map<String, RgbImage> samples = new LinkedHashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final Map<String, AtomicLong> publishedByFeed = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private final long start = System.nanoTime();

  public DemoPublisher(
      Producer<String, ImageEvent> producer,
      String topic,
      double imagesPerSecondPerFeed,
      Path spool) {
    this.producer = producer;
    this.topic = topic;
    this.imagesPerSecondPerFeed = imagesPerSecondPerFeed;
    this.spool = spool;
    ImageDecoder decoder = new ImageDecoder();
    DemoScenario.FEEDS.forEach(
        feed -> samples.put(feed.id(), decoder.decode(resource(feed.sample()), null).image()));
  }

  public long published() {
    return published.get();
  }

  /** Records sent so far, by feed (the key). */
  public Map<String, Long> publishedByFeed() {
    Map<String, Long> counts = new TreeMap<>();
    publishedByFeed.forEach((feed, count) -> counts.put(feed, count.get()));
    return counts;
  }

  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    long tick = 0;
    long nextCorrupt = CORRUPT_EVERY.toNanos();
    long period = (long) (1e9 / imagesPerSecondPerFeed);
    while (running) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      for (DemoScenario.Feed feed : DemoScenario.FEEDS) {
        if (!DemoScenario.silent(feed, elapsed)) {
          send(feed.id(), event(feed, elapsed, tick));
        }
      }
      if (elapsed.toNanos() >= nextCorrupt) {
        send("lobby", corrupt(tick));
        nextCorrupt += CORRUPT_EVERY.toNanos();
      }
      tick++;
      sleepUntil(start + tick * period);
    }
    producer.flush();
  }

  private ImageEvent event(DemoScenario.Feed feed, Duration elapsed, long tick) {
    byte[] bytes = DemoScenario.frame(feed, samples.get(feed.id()), elapsed, tick);
    String imageId = feed.id() + "-" + tick;
    ImageEvent.Builder event =
        ImageEvent.newBuilder()
            .setFeedId(feed.id())
            .setImageId(imageId)
            .setCaptureTime(Instant.now().minus(DemoScenario.lag(feed, elapsed)))
            .setContentType(ImageFormat.sniff(bytes).map(ImageFormat::contentType).orElse(null))
            .setRois(feed.id().equals("lobby") ? List.of(LOBBY_FACE) : List.of())
            .setAttributes(Map.of("demo", "true"));
    if (feed.id().equals("garden")) {
      return event.setUri(spoolFile(tick, bytes).toUri().toString()).build();
    }
    return event.setData(ByteBuffer.wrap(bytes)).build();
  }

  private ImageEvent corrupt(long tick) {
    byte[] jpeg =
        DemoScenario.frame(DemoScenario.FEEDS.get(0), samples.get("lobby"), Duration.ZERO, tick);
    return ImageEvent.newBuilder()
        .setFeedId("lobby")
        .setImageId("lobby-truncated-" + tick)
        .setCaptureTime(Instant.now())
        .setContentType("image/jpeg")
        .setData(ByteBuffer.wrap(Arrays.copyOf(jpeg, jpeg.length / 3)))
        .build();
  }

  private void send(String feed, ImageEvent event) {
    producer.send(new ProducerRecord<>(topic, feed, event));
    published.incrementAndGet();
    publishedByFeed.computeIfAbsent(feed, f -> new AtomicLong()).incrementAndGet();
  }

  private Path spoolFile(long tick, byte[] bytes) {
    try {
      // A bounded spool: names repeat after SPOOL_FILES images, long after iqmon has read them.
      Path file = spool.resolve("garden-" + tick % SPOOL_FILES + ".img");
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = DemoPublisher.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sample image " + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void sleepUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }
}
