package dev.iqmon.stream;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.Point;
import dev.iqmon.avro.RoiHint;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Images and image events for the topology tests. */
final class TestImages {

  private TestImages() {}

  /** A flat grey image; {@link BrightnessModel} scores it {@code grey / 255 * 100}. */
  static RgbImage grey(int width, int height, int grey) {
    int[] pixels = new int[width * height];
    Arrays.fill(pixels, (grey << 16) | (grey << 8) | grey);
    return new RgbImage(width, height, pixels);
  }

  /** A PNG whose score under {@link BrightnessModel} is {@code score}. */
  static byte[] pngScoring(double score) {
    return ImageEncoder.png(grey(64, 48, (int) Math.round(score / 100 * 255)));
  }

  /**
   * A PNG scoring {@code score} like {@link #pngScoring(double)} whose content differs for each
   * {@code variant} (0..3000): one pixel a grey level lighter and another one darker keep the mean.
   */
  static byte[] pngScoring(double score, int variant) {
    int grey = (int) Math.round(score / 100 * 255);
    RgbImage image = grey(64, 48, grey);
    int step = grey == 255 ? -1 : 1;
    int lighter = grey + step;
    int darker = grey - step;
    image.pixels()[variant] = (lighter << 16) | (lighter << 8) | lighter;
    image.pixels()[variant + 1] = (darker << 16) | (darker << 8) | darker;
    return ImageEncoder.png(image);
  }

  static ImageEvent event(String feed, String imageId, Instant at, byte[] bytes, RoiHint... rois) {
    return ImageEvent.newBuilder()
        .setFeedId(feed)
        .setImageId(imageId)
        .setCaptureTime(at)
        .setContentType("image/png")
        .setData(ByteBuffer.wrap(bytes))
        .setRois(List.of(rois))
        .setAttributes(Map.of())
        .build();
  }

  static RoiHint box(String id, double x, double y, double w, double h) {
    return RoiHint.newBuilder().setId(id).setLabel(id).setBox(new Box(x, y, w, h)).build();
  }

  static RoiHint polygon(String id, double... xy) {
    List<Point> points = new java.util.ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      points.add(new Point(xy[i], xy[i + 1]));
    }
    return RoiHint.newBuilder().setId(id).setLabel(id).setPolygon(points).build();
  }
}
