package dev.iqmon.stream;

import dev.iqmon.alerts.FrameFacts;
import dev.iqmon.alerts.FrameSignature;
import dev.iqmon.avro.Box;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.classical.ClassicalModel;
import java.nio.ByteBuffer;
import java.util.List;

/** What the camera-health rules need of a scored image, read from its output records. */
final class HealthFacts {

  private static final String OCCLUSION = Distortion.OCCLUSION.key();

  private HealthFacts() {}

  static FrameFacts of(ImageOutcome.Scored scored) {
    ImageQuality image = scored.image();
    // The classical model cannot see occlusion and says 0; only a model that can is asked.
    Double occlusion =
        ClassicalModel.ID.equals(image.getModelId()) ? null : image.getDistortions().get(OCCLUSION);
    List<FrameFacts.Area> occluded =
        occlusion == null
            ? List.of()
            : scored.regions().stream()
                .filter(r -> r.getSource() == RoiSource.DEGRADED && OCCLUSION.equals(r.getLabel()))
                .map(r -> area(r, image))
                .toList();
    return new FrameFacts(
        image.getImageId(),
        image.getCaptureTime().toEpochMilli(),
        image.getArrivedAt() == null ? null : image.getArrivedAt().toEpochMilli(),
        signature(image.getFrameSignature()),
        image.getWidth(),
        image.getHeight(),
        occlusion,
        occluded);
  }

  private static FrameSignature signature(ByteBuffer bytes) {
    if (bytes == null) {
      return null;
    }
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return FrameSignature.fromBytes(copy);
  }

  private static FrameFacts.Area area(RegionScore region, ImageQuality image) {
    Box b = region.getBox();
    return new FrameFacts.Area(
        b.getX() / image.getWidth(),
        b.getY() / image.getHeight(),
        b.getWidth() / image.getWidth(),
        b.getHeight() / image.getHeight());
  }
}
