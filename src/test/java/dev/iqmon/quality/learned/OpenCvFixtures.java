package dev.iqmon.quality.learned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What OpenCV's {@code cv2.resize} made of deterministic images and masks; written by {@code
 * src/test/resources/opencv-resize/generate.py}, whose docstring defines the inputs rebuilt here.
 */
final class OpenCvFixtures {

  private static final String DIR = "/opencv-resize/";

  /** One resize OpenCV did: input size, output size, and the output's file. */
  record Case(
      String kind,
      String interpolation,
      int width,
      int height,
      int outWidth,
      int outHeight,
      String file) {
    @Override
    public String toString() {
      return kind
          + " "
          + width
          + "x"
          + height
          + " -> "
          + outWidth
          + "x"
          + outHeight
          + (interpolation == null ? "" : " " + interpolation);
    }
  }

  private OpenCvFixtures() {}

  static List<Case> cases(String kind) {
    JsonNode root = read(json -> json, "cases.json");
    List<Case> cases = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      if (c.get("kind").asText().equals(kind)) {
        cases.add(
            new Case(
                kind,
                c.path("interpolation").asText(null),
                c.get("width").asInt(),
                c.get("height").asInt(),
                c.get("out_width").asInt(),
                c.get("out_height").asInt(),
                c.get("file").asText()));
      }
    }
    return cases;
  }

  /** The generator's image: byte i = ((i * 2654435761) mod 2^32 >> 16) & 0xFF. */
  static RgbImage image(int width, int height) {
    int[] pixels = new int[width * height];
    for (int p = 0; p < pixels.length; p++) {
      int rgb = 0;
      for (int c = 0; c < 3; c++) {
        long i = 3L * p + c;
        int v = (int) (((i * 2654435761L) & 0xFFFFFFFFL) >>> 16) & 0xFF;
        rgb = rgb << 8 | v;
      }
      pixels[p] = rgb;
    }
    return new RgbImage(width, height, pixels);
  }

  /** The generator's ellipse over the whole image, as a region mask. */
  static RegionMask ellipse(int width, int height) {
    long cx = width * 2L / 5;
    long cy = height / 2;
    long a = Math.max(1, width / 3);
    long b = Math.max(1, height / 3);
    BitSet bits = new BitSet();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if ((x - cx) * (x - cx) * b * b + (y - cy) * (y - cy) * a * a <= a * a * b * b) {
          bits.set(y * width + x);
        }
      }
    }
    return new RegionMask(new PixelBox(0, 0, width, height), bits);
  }

  static byte[] bytes(Case c) {
    return readBytes(c.file());
  }

  static float[] floats(Case c) {
    ByteBuffer buffer = ByteBuffer.wrap(readBytes(c.file())).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(out);
    return out;
  }

  private static byte[] readBytes(String file) {
    try (InputStream in = OpenCvFixtures.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + DIR + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(java.util.function.Function<JsonNode, T> f, String file) {
    try {
      return f.apply(new ObjectMapper().readTree(readBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
