package dev.iqmon.demo;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What each demo feed shows at a given moment. Every feed repeats a cycle; for parts of it the
 * image is damaged (blurred, noisy, over-compressed), frozen (the same frame again and again),
 * missing (the feed is silent), black, covered, turned away, or late, long enough to fire an alert,
 * then back to normal so it resolves. Like a camera's time stamp, a small mark in a corner changes
 * with every frame, so live frames never repeat.
 */
public final class DemoScenario {

  /** How one feed misbehaves during part of each cycle. */
  public enum Damage {
    NONE,
    BLUR,
    NOISE,
    COMPRESSION,
    FROZEN,
    SILENT,
    /** The camera turned away: the view shifted by a fifth of the frame. */
    MOVED,
    /** No signal: a black frame. */
    BLACK,
    /** Something over most of the lens: a dark, flat cover over the left two thirds. */
    COVERED,
    /** Images arrive ever later: the capture time falls behind by a second each second. */
    LAGGING
  }

  /** A part of the cycle, [from, until), during which a feed is damaged. */
  public record Phase(Damage damage, Duration from, Duration until) {}

  /** A demo feed: its sample photo, how it is encoded, and when in the cycle it misbehaves. */
  public record Feed(String id, String sample, String format, List<Phase> phases) {
    public Feed {
      phases = List.copyOf(phases);
    }
  }

  public static final Duration CYCLE = Duration.ofSeconds(60);

  public static final List<Feed> FEEDS =
      List.of(
          new Feed(
              "lobby",
              "astronaut.png",
              "jpeg",
              List.of(
                  phase(Damage.FROZEN, 5, 20),
                  phase(Damage.BLACK, 25, 32),
                  phase(Damage.SILENT, 40, 52))),
          new Feed(
              "cafe",
              "coffee.png",
              "png",
              List.of(phase(Damage.BLUR, 15, 35), phase(Damage.COVERED, 42, 55))),
          new Feed(
              "launchpad",
              "rocket.jpg",
              "webp",
              List.of(phase(Damage.MOVED, 8, 22), phase(Damage.NOISE, 30, 50))),
          new Feed(
              "garden",
              "chelsea.png",
              "jpeg",
              List.of(phase(Damage.LAGGING, 5, 30), phase(Damage.COMPRESSION, 40, 55))));

  private static final int MARK = 6;

  private DemoScenario() {}

  private static Phase phase(Damage damage, int fromSecond, int untilSecond) {
    return new Phase(damage, Duration.ofSeconds(fromSecond), Duration.ofSeconds(untilSecond));
  }

  /** The phase the feed is in at {@code elapsed} since the demo began, if any. */
  public static Optional<Phase> phase(Feed feed, Duration elapsed) {
    long inCycle = elapsed.toMillis() % CYCLE.toMillis();
    return feed.phases().stream()
        .filter(p -> inCycle >= p.from().toMillis() && inCycle < p.until().toMillis())
        .findFirst();
  }

  /** Whether the feed sends nothing at {@code elapsed}. */
  public static boolean silent(Feed feed, Duration elapsed) {
    return phase(feed, elapsed).map(p -> p.damage() == Damage.SILENT).orElse(false);
  }

  /**
   * How far behind the feed's capture times fall at {@code elapsed}: in a lagging phase, one second
   * for every second of it so far; otherwise none.
   */
  public static Duration lag(Feed feed, Duration elapsed) {
    return phase(feed, elapsed)
        .filter(p -> p.damage() == Damage.LAGGING)
        .map(p -> Duration.ofMillis(elapsed.toMillis() % CYCLE.toMillis() - p.from().toMillis()))
        .orElse(Duration.ZERO);
  }

  /**
   * The encoded image the feed publishes at {@code elapsed}, the {@code tick}-th of the demo; a
   * frozen feed repeats one frame.
   */
  public static byte[] frame(Feed feed, RgbImage clean, Duration elapsed, long tick) {
    Damage damage = phase(feed, elapsed).map(Phase::damage).orElse(Damage.NONE);
    // Frozen: the same mark all through the phase of this cycle.
    long stamp = damage == Damage.FROZEN ? -1 - elapsed.toMillis() / CYCLE.toMillis() : tick;
    RgbImage image = marked(damage(damage, clean, stamp), stamp);
    int quality = damage == Damage.COMPRESSION ? 6 : 92;
    return switch (feed.format()) {
      case "png" -> ImageEncoder.png(image);
      case "webp" -> ImageEncoder.webp(image, quality);
      default -> ImageEncoder.jpeg(image, quality);
    };
  }

  private static RgbImage damage(Damage damage, RgbImage clean, long seed) {
    return switch (damage) {
      case BLUR -> ImageDistortions.gaussianBlur(clean, 4.0);
      case NOISE -> ImageDistortions.gaussianNoise(clean, 35, seed);
      case MOVED -> shifted(clean, clean.width() / 5, clean.height() / 10);
      case BLACK -> new RgbImage(clean.width(), clean.height(), new int[clean.pixels().length]);
      case COVERED -> covered(clean, clean.width() * 2 / 3);
      default -> clean;
    };
  }

  /** The view as the camera sees it turned by (dx, dy) pixels; the edges are extended. */
  private static RgbImage shifted(RgbImage image, int dx, int dy) {
    int w = image.width();
    int h = image.height();
    int[] pixels = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        pixels[y * w + x] = image.rgb(Math.min(w - 1, x + dx), Math.min(h - 1, y + dy));
      }
    }
    return new RgbImage(w, h, pixels);
  }

  /** A flat dark cover over the left {@code width} pixels. */
  private static RgbImage covered(RgbImage image, int width) {
    int[] pixels = image.pixels().clone();
    for (int y = 0; y < image.height(); y++) {
      java.util.Arrays.fill(pixels, y * image.width(), y * image.width() + width, 0x262420);
    }
    return new RgbImage(image.width(), image.height(), pixels);
  }

  /** A copy with a small square in the bottom right corner whose grey level follows the tick. */
  private static RgbImage marked(RgbImage image, long tick) {
    int[] pixels = image.pixels().clone();
    int grey = (int) Math.floorMod(tick * 37, 256L);
    int rgb = (grey << 16) | (grey << 8) | grey;
    for (int y = image.height() - MARK; y < image.height(); y++) {
      for (int x = image.width() - MARK; x < image.width(); x++) {
        pixels[y * image.width() + x] = rgb;
      }
    }
    return new RgbImage(image.width(), image.height(), pixels);
  }
}
