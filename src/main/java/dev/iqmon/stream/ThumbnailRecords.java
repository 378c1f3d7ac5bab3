package dev.iqmon.stream;

import dev.iqmon.avro.FeedThumbnail;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.ThumbnailRegion;
import dev.iqmon.image.Thumbnailer;
import java.nio.ByteBuffer;
import java.util.TreeMap;

/** Builds a feed's {@link FeedThumbnail}: the small JPEG and every region, boxes normalised. */
final class ThumbnailRecords {

  private ThumbnailRecords() {}

  static FeedThumbnail of(ImageOutcome.Scored scored, Thumbnailer.Thumbnail thumbnail) {
    ImageQuality image = scored.image();
    double w = image.getWidth();
    double h = image.getHeight();
    return FeedThumbnail.newBuilder()
        .setFeedId(image.getFeedId())
        .setImageId(image.getImageId())
        .setCaptureTime(image.getCaptureTime())
        .setImageWidth(image.getWidth())
        .setImageHeight(image.getHeight())
        .setWidth(thumbnail.width())
        .setHeight(thumbnail.height())
        .setJpeg(ByteBuffer.wrap(thumbnail.jpeg()))
        .setScore(image.getScore())
        .setLevel(image.getLevel())
        .setRegions(scored.regions().stream().map(r -> region(r, w, h)).toList())
        .build();
  }

  private static ThumbnailRegion region(RegionScore r, double w, double h) {
    return ThumbnailRegion.newBuilder()
        .setRoiId(r.getRoiId())
        .setLabel(r.getLabel())
        .setSource(r.getSource())
        .setX(r.getBox().getX() / w)
        .setY(r.getBox().getY() / h)
        .setWidth(r.getBox().getWidth() / w)
        .setHeight(r.getBox().getHeight() / h)
        .setScore(r.getScore())
        .setLevel(r.getLevel())
        .setImportance(r.getImportance())
        .setDistortions(new TreeMap<>(r.getDistortions()))
        .setIndicators(new TreeMap<>(r.getIndicators()))
        .setConfidence(r.getConfidence())
        .build();
  }
}
