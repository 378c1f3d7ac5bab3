package dev.iqmon.stream;

import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.Point;
import dev.iqmon.avro.PointPrompt;
import dev.iqmon.avro.RoiHint;
import dev.iqmon.roi.DroppedRegion;
import dev.iqmon.roi.RoiOrigin;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.roi.RoiShape;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Checks an {@link ImageEvent} and turns it into an {@link ImageRequest}. */
final class ImageEvents {

  private ImageEvents() {}

  static ImageRequest toRequest(String key, ImageEvent event) throws Rejection {
    requireText(event.getFeedId(), "feedId");
    requireText(event.getImageId(), "imageId");
    if (key == null) {
      // Its partition was chosen without the feed: scoring it there would split the feed's order
      // and its alert and trend state between tasks.
      throw new Rejection(
          FailedStage.VALIDATE,
          "the record has no key; key image events by their feedId ('"
              + event.getFeedId()
              + "') so that a feed stays on one partition");
    }
    if (!key.equals(event.getFeedId())) {
      throw new Rejection(
          FailedStage.VALIDATE,
          "record key '"
              + key
              + "' is not the event's feedId '"
              + event.getFeedId()
              + "'; iqmon keys everything by feed");
    }
    boolean hasData = event.getData() != null;
    boolean hasUri = event.getUri() != null;
    if (hasData == hasUri) {
      throw new Rejection(
          FailedStage.VALIDATE,
          "an image event needs exactly one of data (inline bytes) and uri (reference), it has "
              + (hasData ? "both" : "neither"));
    }
    List<RoiRequest> rois = new ArrayList<>();
    List<DroppedRegion> malformed = new ArrayList<>();
    for (RoiHint hint : event.getRois()) {
      try {
        RoiShape shape = shape(hint);
        RoiOrigin source = shape instanceof RoiShape.Prompt ? RoiOrigin.SEGMENTED : RoiOrigin.EVENT;
        rois.add(new RoiRequest(hint.getId(), hint.getLabel(), source, shape));
      } catch (IllegalArgumentException | NullPointerException e) {
        malformed.add(
            new DroppedRegion(
                String.valueOf(hint.getId()), RoiOrigin.EVENT, "malformed ROI: " + e.getMessage()));
      }
    }
    return new ImageRequest(
        event.getFeedId(),
        event.getImageId(),
        event.getCaptureTime().toEpochMilli(),
        event.getContentType(),
        hasData ? bytes(event.getData()) : null,
        hasUri ? uri(event.getUri()) : null,
        rois,
        malformed);
  }

  /**
   * The region's shape: prompts for the segmenter when asked to segment or when points are given;
   * otherwise a mask when one is given, else a polygon, else a box.
   */
  static RoiShape shape(RoiHint hint) {
    if (hint.getId() == null || hint.getId().isBlank()) {
      throw new IllegalArgumentException("ROI id is blank");
    }
    RoiShape.Box box =
        hint.getBox() == null
            ? null
            : new RoiShape.Box(
                hint.getBox().getX(),
                hint.getBox().getY(),
                hint.getBox().getWidth(),
                hint.getBox().getHeight(),
                false);
    if (hint.getSegment() || !hint.getPoints().isEmpty()) {
      return new RoiShape.Prompt(box, hint.getPoints().stream().map(ImageEvents::prompt).toList());
    }
    if (hint.getMaskRle() != null) {
      return new RoiShape.Rle(
          hint.getMaskRle().getWidth(),
          hint.getMaskRle().getHeight(),
          hint.getMaskRle().getCounts());
    }
    if (hint.getMaskPng() != null) {
      return new RoiShape.PngMask(bytes(hint.getMaskPng()));
    }
    if (!hint.getPolygon().isEmpty()) {
      return new RoiShape.Polygon(
          hint.getPolygon().stream().map(ImageEvents::point).toList(), false);
    }
    if (box != null) {
      return box;
    }
    throw new IllegalArgumentException(
        "ROI '" + hint.getId() + "' has no box, polygon, mask or points");
  }

  private static double[] point(Point p) {
    return new double[] {p.getX(), p.getY()};
  }

  private static RoiShape.PromptPoint prompt(PointPrompt p) {
    return new RoiShape.PromptPoint(p.getX(), p.getY(), p.getForeground());
  }

  private static void requireText(String value, String field) throws Rejection {
    if (value == null || value.isBlank()) {
      throw new Rejection(FailedStage.VALIDATE, field + " is blank");
    }
  }

  private static URI uri(String text) throws Rejection {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new Rejection(FailedStage.VALIDATE, "uri is not a valid URI: " + e.getMessage(), e);
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
