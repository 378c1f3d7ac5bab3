package dev.iqmon.stream;

import dev.iqmon.alerts.FrameSignature;
import dev.iqmon.avro.Box;
import dev.iqmon.avro.DroppedRoi;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.LevelProbabilities;
import dev.iqmon.avro.QualityLevel;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RegionSummary;
import dev.iqmon.avro.RleMask;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.image.ContentFingerprint;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.LevelDistribution;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.quality.ScoreLevel;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.CocoRle;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns scored regions into the output records: one {@link RegionScore} each and an {@link
 * ImageQuality}.
 */
final class ResultRecords {

  private ResultRecords() {}

  static ImageOutcome.Scored scored(PreparedImage image, ImageResult result, ModelInfo model) {
    ScoredRegion whole =
        result.regions().stream()
            .filter(r -> r.roi().source() == RoiOrigin.WHOLE)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the model returned no score for the whole image"));
    List<RegionScore> regions =
        result.regions().stream().map(r -> regionScore(image, r, model)).toList();
    return new ImageOutcome.Scored(imageQuality(image, result, whole.quality(), model), regions);
  }

  private static RegionScore regionScore(
      PreparedImage image, ScoredRegion region, ModelInfo model) {
    Roi roi = region.roi();
    RegionQuality q = region.quality();
    int width = image.decoded().image().width();
    int height = image.decoded().image().height();
    return RegionScore.newBuilder()
        .setFeedId(image.request().feedId())
        .setImageId(image.request().imageId())
        .setCaptureTime(Instant.ofEpochMilli(image.request().captureTime()))
        .setRoiId(roi.id())
        .setLabel(roi.label())
        .setSource(source(roi.source()))
        .setBox(box(roi.box()))
        .setAreaFraction(roi.area() / (double) image.decoded().image().pixelCount())
        .setMask(
            roi.mask() == null
                ? null
                : new RleMask(height, width, CocoRle.encode(roi.mask(), width, height)))
        .setConfidence(roi.confidence())
        .setScore(q.score())
        .setLevel(level(q.level()))
        .setLevels(levels(q.levels()))
        .setDistortions(distortions(q.distortions()))
        .setImportance(q.importance())
        .setIndicators(new TreeMap<>(q.indicators()))
        .setModelId(model.id())
        .setModelVersion(model.version())
        .build();
  }

  private static ImageQuality imageQuality(
      PreparedImage image, ImageResult result, RegionQuality whole, ModelInfo model) {
    return ImageQuality.newBuilder()
        .setFeedId(image.request().feedId())
        .setImageId(image.request().imageId())
        .setCaptureTime(Instant.ofEpochMilli(image.request().captureTime()))
        .setWidth(image.decoded().image().width())
        .setHeight(image.decoded().image().height())
        .setContentType(image.decoded().contentType())
        .setScore(whole.score())
        .setLevel(level(whole.level()))
        .setLevels(levels(whole.levels()))
        .setDistortions(distortions(whole.distortions()))
        .setRegions(result.regions().stream().map(r -> summary(image, r)).toList())
        .setDroppedRois(
            image.dropped().stream()
                .map(d -> new DroppedRoi(d.id(), source(d.source()), d.reason()))
                .toList())
        .setStageMillis(image.stageMillis())
        .setModelId(model.id())
        .setModelVersion(model.version())
        .setContentHash(ContentFingerprint.of(image.decoded().image()))
        .setOrientation(image.decoded().orientation())
        .setArrivedAt(Instant.ofEpochMilli(image.source().timestamp()))
        .setFrameSignature(signature(image))
        .build();
  }

  private static ByteBuffer signature(PreparedImage image) {
    FrameSignature signature = FrameSignature.of(image.decoded().image());
    return signature == null ? null : ByteBuffer.wrap(signature.toBytes());
  }

  private static RegionSummary summary(PreparedImage image, ScoredRegion region) {
    Roi roi = region.roi();
    RegionQuality q = region.quality();
    return RegionSummary.newBuilder()
        .setRoiId(roi.id())
        .setLabel(roi.label())
        .setSource(source(roi.source()))
        .setBox(box(roi.box()))
        .setAreaFraction(roi.area() / (double) image.decoded().image().pixelCount())
        .setScore(q.score())
        .setLevel(level(q.level()))
        .setImportance(q.importance())
        .setMainDistortion(q.mainDistortion().map(Distortion::key).orElse(null))
        .setConfidence(roi.confidence())
        .build();
  }

  private static Box box(PixelBox b) {
    return new Box((double) b.x(), (double) b.y(), (double) b.width(), (double) b.height());
  }

  private static QualityLevel level(ScoreLevel level) {
    return switch (level) {
      case BAD -> QualityLevel.BAD;
      case POOR -> QualityLevel.POOR;
      case FAIR -> QualityLevel.FAIR;
      case GOOD -> QualityLevel.GOOD;
      case EXCELLENT -> QualityLevel.EXCELLENT;
    };
  }

  private static RoiSource source(RoiOrigin origin) {
    return switch (origin) {
      case WHOLE -> RoiSource.WHOLE;
      case STATIC -> RoiSource.STATIC;
      case EVENT -> RoiSource.EVENT;
      case SEGMENTED -> RoiSource.SEGMENTED;
      case DEGRADED -> RoiSource.DEGRADED;
      case DETECTED -> RoiSource.DETECTED;
    };
  }

  private static LevelProbabilities levels(LevelDistribution d) {
    return new LevelProbabilities(
        d.probability(ScoreLevel.BAD),
        d.probability(ScoreLevel.POOR),
        d.probability(ScoreLevel.FAIR),
        d.probability(ScoreLevel.GOOD),
        d.probability(ScoreLevel.EXCELLENT));
  }

  private static Map<String, Double> distortions(Map<Distortion, Double> distortions) {
    Map<String, Double> out = new TreeMap<>();
    distortions.forEach((type, p) -> out.put(type.key(), p));
    return out;
  }
}
