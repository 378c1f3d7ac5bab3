package dev.iqmon.image;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * OpenCV's {@code imdecode} through {@code org.openpnp:opencv}'s bundled natives, reached by
 * reflection so that the benchmark compiles without that 110 MB jar; present only with {@code
 * -Pdecoder-candidates}.
 */
final class OpenCvDecoder {

  private static final int IMREAD_COLOR = 1;

  private final Constructor<?> matOfByte;
  private final Method imdecode;
  private final Method get;
  private final Method release;
  private final Method rows;
  private final Method cols;

  private OpenCvDecoder(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> mat = Class.forName("org.opencv.core.Mat", true, loader);
    matOfByte =
        Class.forName("org.opencv.core.MatOfByte", true, loader).getConstructor(byte[].class);
    imdecode =
        Class.forName("org.opencv.imgcodecs.Imgcodecs", true, loader)
            .getMethod("imdecode", mat, int.class);
    get = mat.getMethod("get", int.class, int.class, byte[].class);
    release = mat.getMethod("release");
    rows = mat.getMethod("rows");
    cols = mat.getMethod("cols");
  }

  static Optional<OpenCvDecoder> load() {
    try {
      ClassLoader loader = OpenCvDecoder.class.getClassLoader();
      Class.forName("nu.pattern.OpenCV", true, loader).getMethod("loadLocally").invoke(null);
      return Optional.of(new OpenCvDecoder(loader));
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }

  RgbImage decode(byte[] jpeg) {
    try {
      Object buffer = matOfByte.newInstance((Object) jpeg);
      Object image = imdecode.invoke(null, buffer, IMREAD_COLOR);
      try {
        int height = (int) rows.invoke(image);
        int width = (int) cols.invoke(image);
        byte[] bgr = new byte[width * height * 3];
        get.invoke(image, 0, 0, bgr);
        int[] pixels = new int[width * height];
        for (int i = 0, j = 0; i < pixels.length; i++, j += 3) {
          pixels[i] = (bgr[j + 2] & 0xff) << 16 | (bgr[j + 1] & 0xff) << 8 | (bgr[j] & 0xff);
        }
        return new RgbImage(width, height, pixels);
      } finally {
        release.invoke(image);
        release.invoke(buffer);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("OpenCV failed", e);
    }
  }
}
