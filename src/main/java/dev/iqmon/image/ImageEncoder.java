package dev.iqmon.image;

import com.luciad.imageio.webp.WebPImageWriterSpi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes {@link RgbImage}s as PNG, JPEG or WebP bytes (for the demo's producers, the synthetic
 * JPEG distortion and tests). Thread-safe: each call uses its own writer.
 */
public final class ImageEncoder {

  private static final WebPImageWriterSpi WEBP = new WebPImageWriterSpi();
  private static final String WEBP_LOSSY = "Lossy";
  private static final String WEBP_LOSSLESS = "Lossless";

  private ImageEncoder() {}

  /** Lossless PNG. */
  public static byte[] png(RgbImage image) {
    return write(writer("png"), image, null);
  }

  /** Baseline JPEG at a quality of 1 (worst) to 100 (best), 4:2:0 chroma as ImageIO writes it. */
  public static byte[] jpeg(RgbImage image, int quality) {
    ImageWriter writer = writer("jpeg");
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(unitQuality(quality));
    return write(writer, image, param);
  }

  /** Lossy WebP at a quality of 1 (worst) to 100 (best). */
  public static byte[] webp(RgbImage image, int quality) {
    ImageWriter writer = webpWriter();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType(WEBP_LOSSY);
    param.setCompressionQuality(unitQuality(quality));
    return write(writer, image, param);
  }

  /** Lossless WebP. */
  public static byte[] webpLossless(RgbImage image) {
    ImageWriter writer = webpWriter();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType(WEBP_LOSSLESS);
    return write(writer, image, param);
  }

  private static float unitQuality(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("quality must be 1..100, got " + quality);
    }
    return quality / 100f;
  }

  private static byte[] write(ImageWriter writer, RgbImage image, ImageWriteParam param) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(output);
      writer.write(null, new IIOImage(BufferedImages.toBuffered(image), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode image", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static ImageWriter writer(String format) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return writers.next();
  }

  private static ImageWriter webpWriter() {
    try {
      return WEBP.createWriterInstance();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a WebP writer", e);
    }
  }
}
