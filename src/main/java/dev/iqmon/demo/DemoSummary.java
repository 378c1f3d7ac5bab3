package dev.iqmon.demo;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.QualityTrend;
import dev.iqmon.config.TopicsConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows iqmon's output topics and prints a compact live view: a status line every few seconds,
 * every alert as it fires or resolves, and each closed trend window of the whole frames.
 */
public final class DemoSummary implements Runnable {

  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** The deserializers of the topics followed. */
  public record Readers(
      Deserializer<ImageQuality> images,
      Deserializer<QualityAlert> alerts,
      Deserializer<QualityTrend> trends,
      Deserializer<DeadLetter> deadLetters) {}

  private final Consumer<String, byte[]> consumer;
  private final TopicsConfig topics;
  private final Readers readers;
  private final PrintStream out;
  private final long start;
  private final Map<String, ImageQuality> latest = new TreeMap<>();
  private final TreeSet<String> firing = new TreeSet<>();
  private final Map<String, Map<String, QualityTrend>> closedWindows = new TreeMap<>();
  private final KllDoublesSketch latencyMillis = KllDoublesSketch.newHeapInstance();
  private volatile boolean running = true;
  private volatile long scored;
  private volatile long deadLetters;
  private volatile long fired;
  private volatile long resolved;
  private volatile long firstResultNanos;
  private volatile long trends;
  private final Map<String, long[]> alertsByRule = new TreeMap<>();
  private final Object outcomesSeen = new Object();

  public DemoSummary(
      Consumer<String, byte[]> consumer,
      TopicsConfig topics,
      Readers readers,
      PrintStream out,
      long startNanos) {
    this.consumer = consumer;
    this.topics = topics;
    this.readers = readers;
    this.out = out;
    this.start = startNanos;
  }

  @Override
  public void run() {
    consumer.subscribe(
        List.of(topics.imageQuality(), topics.alerts(), topics.trends(), topics.deadLetters()));
    long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
    while (running) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        handle(record);
      }
      synchronized (outcomesSeen) {
        outcomesSeen.notifyAll();
      }
      if (System.nanoTime() >= nextStatus) {
        printClosedWindows();
        status();
        nextStatus += STATUS_EVERY.toNanos();
      }
    }
    consumer.close();
  }

  public void stop() {
    running = false;
  }

  /**
   * Waits until {@code images} images have come out as a result or a dead letter, at most {@code
   * timeout}; whether they have.
   */
  public boolean awaitOutcomes(long images, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (outcomesSeen) {
      while (scored + deadLetters < images) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(outcomesSeen, left);
      }
    }
    return true;
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    if (topic.equals(topics.imageQuality())) {
      image(readers.images().deserialize(topic, record.value()));
    } else if (topic.equals(topics.alerts())) {
      alert(readers.alerts().deserialize(topic, record.value()));
    } else if (topic.equals(topics.trends())) {
      trend(readers.trends().deserialize(topic, record.value()));
    } else {
      deadLetter(readers.deadLetters().deserialize(topic, record.value()));
    }
  }

  private void image(ImageQuality image) {
    if (firstResultNanos == 0) {
      firstResultNanos = System.nanoTime();
      out.printf(
          "[%5.1fs] first result: %s/%s scored %.1f (%s)%n",
          seconds(), image.getFeedId(), image.getImageId(), image.getScore(), image.getLevel());
    }
    scored++;
    latencyMillis.update(
        Math.max(0, System.currentTimeMillis() - image.getCaptureTime().toEpochMilli()));
    latest.put(image.getFeedId(), image);
  }

  private synchronized void alert(QualityAlert alert) {
    String id = alert.getAlertId();
    long[] counts = alertsByRule.computeIfAbsent(alert.getRule(), r -> new long[2]);
    if (alert.getState() == dev.iqmon.avro.AlertState.FIRING) {
      firing.add(id);
      fired++;
      counts[0]++;
    } else {
      firing.remove(id);
      resolved++;
      counts[1]++;
    }
    out.printf(
        "[%5.1fs] ALERT %-8s %s %s: %s%n",
        seconds(), alert.getState(), id, alert.getSeverity(), alert.getMessage());
  }

  /**
   * Collects the whole-frame trends of each closed window, to print them as one line per window.
   */
  private void trend(QualityTrend trend) {
    trends++;
    if (trend.getRoiLabel().equals("whole")) {
      String window =
          trend.getWindow()
              + " "
              + CLOCK.format(trend.getWindowStart())
              + "-"
              + CLOCK.format(trend.getWindowEnd());
      closedWindows.computeIfAbsent(window, w -> new TreeMap<>()).put(trend.getFeedId(), trend);
    }
  }

  private void printClosedWindows() {
    closedWindows.forEach(
        (window, byFeed) -> {
          StringBuilder line =
              new StringBuilder(
                  String.format(
                      Locale.ROOT, "[%5.1fs] TREND %s (mean, p10..p90):", seconds(), window));
          byFeed.forEach(
              (feed, t) ->
                  line.append(
                      String.format(
                          Locale.ROOT,
                          " | %s %.0f, %.0f..%.0f%s",
                          feed,
                          t.getMean(),
                          t.getP10(),
                          t.getP90(),
                          t.getBaseline() == null
                              ? ""
                              : String.format(Locale.ROOT, " (base %.0f)", t.getBaseline()))));
          out.println(line);
        });
    closedWindows.clear();
  }

  private void deadLetter(DeadLetter letter) {
    deadLetters++;
    out.printf(
        "[%5.1fs] DEAD LETTER %s/%s at %s: %s%n",
        seconds(), letter.getFeedId(), letter.getImageId(), letter.getStage(), letter.getReason());
  }

  private void status() {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "[%5.1fs] %d images scored", seconds(), scored));
    latest.forEach(
        (feed, image) ->
            line.append(
                String.format(
                    Locale.ROOT, " | %s %.0f %s", feed, image.getScore(), image.getLevel())));
    line.append(" | firing: ").append(firing.isEmpty() ? "none" : String.join(", ", firing));
    out.println(line);
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  public long scored() {
    return scored;
  }

  public long deadLetters() {
    return deadLetters;
  }

  public long trends() {
    return trends;
  }

  /** Per rule, how many alerts fired and resolved, e.g. {@code low-score 3 fired, 2 resolved}. */
  public synchronized String alertsByRule() {
    StringBuilder line = new StringBuilder();
    alertsByRule.forEach(
        (rule, n) ->
            line.append(line.length() == 0 ? "" : "; ")
                .append(String.format(Locale.ROOT, "%s %d fired, %d resolved", rule, n[0], n[1])));
    return line.length() == 0 ? "none" : line.toString();
  }

  public long fired() {
    return fired;
  }

  public long resolved() {
    return resolved;
  }

  /** When the first result arrived, in seconds since the demo began; 0 before. */
  public double firstResultSeconds() {
    return firstResultNanos == 0 ? 0 : (firstResultNanos - start) / 1e9;
  }

  /** Capture-to-result latency at rank q, in ms. */
  public double latencyMillis(double q) {
    return latencyMillis.isEmpty() ? Double.NaN : latencyMillis.getQuantile(q);
  }
}
