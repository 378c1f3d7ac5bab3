package dev.iqmon.demo;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import java.time.Duration;
import java.util.List;

/**
 * What each demo feed shows at a given moment. Every feed repeats a cycle; for part of it the image
 * is damaged (blurred, noisy, over-compressed), long enough to fire an alert, then clean again so
 * the alert resolves.
 */
public final class DemoScenario {

  /** How one feed is damaged during part of each cycle. */
  public enum Damage {
    NONE,
    BLUR,
    NOISE,
    COMPRESSION
  }

  /** A demo feed: its sample photo, how it is encoded, and when in the cycle it is damaged. */
  public record Feed(
      String id,
      String sample,
      String format,
      Damage damage,
      Duration damagedFrom,
      Duration damagedUntil) {}

  public static final Duration CYCLE = Duration.ofSeconds(60);

  public static final List<Feed> FEEDS =
      List.of(
          new Feed("lobby", "astronaut.png", "jpeg", Damage.NONE, Duration.ZERO, Duration.ZERO),
          new Feed(
              "cafe",
              "coffee.png",
              "png",
              Damage.BLUR,
              Duration.ofSeconds(15),
              Duration.ofSeconds(35)),
          new Feed(
              "launchpad",
              "rocket.jpg",
              "webp",
              Damage.NOISE,
              Duration.ofSeconds(30),
              Duration.ofSeconds(50)),
          new Feed(
              "garden",
              "chelsea.png",
              "jpeg",
              Damage.COMPRESSION,
              Duration.ofSeconds(40),
              Duration.ofSeconds(55)));

  private DemoScenario() {}

  /**
   * Whether the feed is in the damaged part of its cycle at {@code elapsed} since the demo began.
   */
  public static boolean damaged(Feed feed, Duration elapsed) {
    long inCycle = elapsed.toMillis() % CYCLE.toMillis();
    return feed.damage() != Damage.NONE
        && inCycle >= feed.damagedFrom().toMillis()
        && inCycle < feed.damagedUntil().toMillis();
  }

  /** The encoded image the feed publishes at {@code elapsed}. */
  public static byte[] frame(Feed feed, RgbImage clean, Duration elapsed, long seed) {
    RgbImage image = damaged(feed, elapsed) ? damage(feed.damage(), clean, seed) : clean;
    int quality = damaged(feed, elapsed) && feed.damage() == Damage.COMPRESSION ? 6 : 92;
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
      default -> clean;
    };
  }
}
