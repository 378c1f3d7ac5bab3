package dev.iqmon.app;

import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.learned.SquashResize;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's images: the sample photos resized to one size, as quality-90 JPEG files. */
final class PerfImages {

  private static final List<String> SAMPLES =
      List.of("astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg");

  private PerfImages() {}

  /** {@code count} JPEG files of {@code width x height}, the four photos in turn. */
  static List<byte[]> jpegs(int width, int height, int count) {
    List<byte[]> photos = new ArrayList<>();
    ImageDecoder decoder = new ImageDecoder();
    for (String sample : SAMPLES) {
      RgbImage photo = decoder.decode(sample(sample), null).image();
      photos.add(ImageEncoder.jpeg(SquashResize.image(photo, width, height), 90));
    }
    List<byte[]> files = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      files.add(photos.get(i % photos.size()));
    }
    return files;
  }

  private static byte[] sample(String name) {
    try (InputStream in = PerfImages.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
