package dev.iqmon.stream;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import java.util.List;

/** What became of one input record: a scored image, or a dead letter with the reason. */
public sealed interface ImageOutcome {

  String feedId();

  /**
   * The image's result, one record per region, and its thumbnail for the dashboards (null when
   * thumbnails are off).
   */
  record Scored(ImageQuality image, List<RegionScore> regions, FeedThumbnail thumbnail)
      implements ImageOutcome {
    public Scored {
      regions = List.copyOf(regions);
    }

    public Scored(ImageQuality image, List<RegionScore> regions) {
      this(image, regions, null);
    }

    @Override
    public String feedId() {
      return image.getFeedId();
    }
  }

  /** The record could not be processed; the dead letter keeps its bytes. */
  record Rejected(DeadLetter deadLetter) implements ImageOutcome {
    @Override
    public String feedId() {
      return deadLetter.getFeedId();
    }
  }
}
