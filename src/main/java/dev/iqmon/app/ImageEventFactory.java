package dev.iqmon.app;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.RoiHint;
import dev.iqmon.image.ImageFormat;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds image events the way a producer would: bytes inline, or a reference to where they lie. */
final class ImageEventFactory {

  private ImageEventFactory() {}

  static ImageEvent inline(
      String feed, String imageId, Instant captured, byte[] bytes, List<RoiHint> rois) {
    return base(feed, imageId, captured, rois)
        .setContentType(ImageFormat.sniff(bytes).map(ImageFormat::contentType).orElse(null))
        .setData(ByteBuffer.wrap(bytes))
        .build();
  }

  static ImageEvent reference(
      String feed, String imageId, Instant captured, URI uri, List<RoiHint> rois) {
    return base(feed, imageId, captured, rois).setUri(uri.toString()).build();
  }

  private static ImageEvent.Builder base(
      String feed, String imageId, Instant captured, List<RoiHint> rois) {
    return ImageEvent.newBuilder()
        .setFeedId(feed)
        .setImageId(imageId)
        .setCaptureTime(captured)
        .setRois(rois)
        .setAttributes(Map.of());
  }
}
