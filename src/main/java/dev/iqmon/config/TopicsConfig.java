package dev.iqmon.config;

import java.util.List;

/** Topic names, and how to create the missing ones at start-up when {@code create} is on. */
public record TopicsConfig(
    String images,
    String regionScores,
    String imageQuality,
    String alerts,
    String trends,
    String deadLetters,
    String thumbnails,
    boolean create,
    int partitions,
    short replicationFactor) {

  public TopicsConfig {
    Validate.notBlank(images, "topics.images");
    Validate.notBlank(regionScores, "topics.region-scores");
    Validate.notBlank(imageQuality, "topics.image-quality");
    Validate.notBlank(alerts, "topics.alerts");
    Validate.notBlank(trends, "topics.trends");
    Validate.notBlank(deadLetters, "topics.dead-letters");
    Validate.notBlank(thumbnails, "topics.thumbnails");
    Validate.positive(partitions, "topics.partitions");
    Validate.positive(replicationFactor, "topics.replication-factor");
    if (all(images, regionScores, imageQuality, alerts, trends, deadLetters, thumbnails).stream()
            .distinct()
            .count()
        != 7) {
      throw new ConfigException("topics: every topic needs its own name");
    }
  }

  /** The output topics, then the input. */
  public List<String> all() {
    return all(regionScores, imageQuality, alerts, trends, deadLetters, thumbnails, images);
  }

  private static List<String> all(String... names) {
    return List.of(names);
  }
}
