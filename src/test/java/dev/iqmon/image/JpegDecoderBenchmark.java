package dev.iqmon.image;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Measures the JPEG decoders that can be had side by side, in one run on the same 1920x1080
 * quality-90 JPEGs, on one thread: CPU milliseconds per image (the thread's own CPU time, which
 * other processes on a busy machine disturb less than wall time), wall milliseconds, the ratio to
 * ImageIO, and how far each decoder's pixels are from ImageIO's. Decoders take turns within each
 * round and the median round is reported.
 *
 * <p>Always: ImageIO (the JDK's decoder) and, where the system has libjpeg-turbo, TurboJPEG as
 * iqmon uses it. With {@code -Pdecoder-candidates} also TwelveMonkeys' ImageIO JPEG plugin and
 * OpenCV's bundled natives ({@code org.openpnp:opencv}), found by reflection.
 *
 * <pre>
 * mvn -o -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.iqmon.image.JpegDecoderBenchmark -Dexec.args="24 9"
 * </pre>
 *
 * Arguments: images (24), rounds (9), and optionally a folder of JPEGs to use instead.
 */
public final class JpegDecoderBenchmark {

  private static final int WIDTH = 1920;
  private static final int HEIGHT = 1080;

  private JpegDecoderBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 24;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    List<byte[]> jpegs = args.length > 2 ? read(Path.of(args[2])) : generate(count);
    Map<String, Function<byte[], RgbImage>> decoders = candidates();
    List<RgbImage> reference = jpegs.stream().map(decoders.get("ImageIO (JDK)")).toList();
    System.out.printf(
        "%d JPEGs, %d KB on average; %d rounds; %s%n",
        jpegs.size(),
        jpegs.stream().mapToInt(b -> b.length).sum() / jpegs.size() / 1024,
        rounds,
        Runtime.version());
    Map<String, long[][]> times = new LinkedHashMap<>();
    decoders.keySet().forEach(name -> times.put(name, new long[2][rounds]));
    List<String> names = new ArrayList<>(decoders.keySet());
    for (int warm = 0; warm < 2; warm++) {
      for (String name : names) {
        jpegs.forEach(decoders.get(name)::apply);
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        jpegs.forEach(decoders.get(name)::apply);
        times.get(name)[0][round] = threads.getCurrentThreadCpuTime() - cpu;
        times.get(name)[1][round] = System.nanoTime() - wall;
      }
    }
    double base = median(times.get("ImageIO (JDK)")[0]) / jpegs.size();
    System.out.println();
    System.out.println(
        "| decoder | CPU ms/image (median) | wall ms/image (median) | CPU vs ImageIO | pixels vs ImageIO |");
    System.out.println("|---|---|---|---|---|");
    for (String name : names) {
      double cpu = median(times.get(name)[0]) / jpegs.size();
      double wall = median(times.get(name)[1]) / jpegs.size();
      System.out.printf(
          "| %s | %.1f | %.1f | %.2f | %s |%n",
          name,
          cpu / 1e6,
          wall / 1e6,
          cpu / base,
          difference(jpegs, reference, decoders.get(name)));
    }
  }

  private static Map<String, Function<byte[], RgbImage>> candidates() {
    Map<String, Function<byte[], RgbImage>> all = new LinkedHashMap<>();
    all.put("ImageIO (JDK)", bytes -> viaImageIo(bytes, "com.sun.imageio.plugins.jpeg"));
    TurboJpeg.load()
        .ifPresent(
            turbo -> {
              all.put(
                  "libjpeg-turbo (TurboJPEG, JNA)", bytes -> turbo.decode(bytes, WIDTH, HEIGHT));
              all.put(
                  "libjpeg-turbo, DCT-scaled 1/2", bytes -> turbo.decode(bytes, WIDTH, HEIGHT, 2));
            });
    if (hasReader("com.twelvemonkeys")) {
      all.put("TwelveMonkeys imageio-jpeg", bytes -> viaImageIo(bytes, "com.twelvemonkeys"));
    }
    OpenCvDecoder.load().ifPresent(opencv -> all.put("OpenCV imdecode (openpnp)", opencv::decode));
    return all;
  }

  private static boolean hasReader(String packagePrefix) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    while (readers.hasNext()) {
      if (readers.next().getClass().getName().startsWith(packagePrefix)) {
        return true;
      }
    }
    return false;
  }

  private static RgbImage viaImageIo(byte[] bytes, String packagePrefix) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (reader.getClass().getName().startsWith(packagePrefix)) {
        try (MemoryCacheImageInputStream in =
            new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
          reader.setInput(in, true, true);
          return BufferedImages.toRgb(reader.read(0));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        } finally {
          reader.dispose();
        }
      }
    }
    throw new IllegalStateException("no JPEG reader from " + packagePrefix);
  }

  /** Largest channel difference and the share of pixels that differ at all. */
  private static String difference(
      List<byte[]> jpegs, List<RgbImage> reference, Function<byte[], RgbImage> decoder) {
    int worst = 0;
    long differing = 0;
    long total = 0;
    for (int i = 0; i < jpegs.size(); i++) {
      RgbImage got = decoder.apply(jpegs.get(i));
      RgbImage want = reference.get(i);
      if (got.width() != want.width()) {
        return "decoded at " + got.width() + "x" + got.height();
      }
      for (int p = 0; p < got.pixels().length; p++) {
        int a = got.pixels()[p];
        int b = want.pixels()[p];
        if (a != b) {
          differing++;
          for (int shift = 0; shift <= 16; shift += 8) {
            worst = Math.max(worst, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
          }
        }
        total++;
      }
    }
    return String.format("max %d, %.2f%% of pixels differ", worst, 100.0 * differing / total);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static List<byte[]> read(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<byte[]> all = new ArrayList<>();
      for (Path file : files.sorted().toList()) {
        all.add(Files.readAllBytes(file));
      }
      return all;
    }
  }

  /**
   * 1920x1080 quality-90 JPEGs from the bundled sample photos: each scaled up from a different
   * crop, with a little sensor-like grain so that the entropy-coded data is as dense as a photo's.
   */
  private static List<byte[]> generate(int count) throws IOException {
    List<byte[]> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < count; i++) {
      String name = TestImages.SAMPLES.get(i % TestImages.SAMPLES.size());
      BufferedImage sample = BufferedImages.toBuffered(TestImages.sample(name));
      int cropW = sample.getWidth() * 3 / 4;
      int cropH = Math.min(sample.getHeight(), cropW * HEIGHT / WIDTH);
      int x = random.nextInt(sample.getWidth() - cropW + 1);
      int y = random.nextInt(sample.getHeight() - cropH + 1);
      BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
      var g = frame.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(sample, 0, 0, WIDTH, HEIGHT, x, y, x + cropW, y + cropH, null);
      g.dispose();
      byte[] data = ((java.awt.image.DataBufferByte) frame.getRaster().getDataBuffer()).getData();
      for (int p = 0; p < data.length; p++) {
        int v = (data[p] & 0xff) + (int) Math.round(random.nextGaussian() * 3);
        data[p] = (byte) Math.max(0, Math.min(255, v));
      }
      out.add(jpeg(frame));
    }
    return out;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.9f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
