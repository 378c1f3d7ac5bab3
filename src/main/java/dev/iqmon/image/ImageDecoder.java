package dev.iqmon.image;

import com.luciad.imageio.webp.WebPImageReaderSpi;
import dev.iqmon.image.ImageDecodeException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, WebP and still GIF bytes into {@link RgbImage}s within {@link DecodeLimits}.
 *
 * <p>The format comes from the bytes' magic numbers; the content type a sender declares is only
 * quoted in error messages. The byte size is checked first, then the frame size from the header,
 * and only then are pixels decoded. Any warning the decoder raises (a truncated JPEG, damaged
 * entropy-coded data) makes the image {@link Reason#CORRUPT}: ImageIO would otherwise hand back a
 * half-grey frame as if it were whole. (Damage that still forms valid entropy-coded data decodes
 * into wrong pixels without a warning; no decoder can tell, the quality scores will.) Grey,
 * palette, 16-bit, alpha (composited over black) and four-channel JPEGs all come out as 8-bit RGB.
 *
 * <p>Thread-safe: every call uses its own reader, as ImageIO readers are not.
 */
public final class ImageDecoder {

  private static final WebPImageReaderSpi WEBP = new WebPImageReaderSpi();

  private final DecodeLimits limits;
  private final DecodeMemory memory;
  private final TurboJpeg turbo;

  /**
   * A decoder within the limits.
   *
   * @param nativeJpeg whether JPEGs are decoded with libjpeg-turbo where the system has it (else,
   *     and for four-channel JPEGs, with ImageIO)
   */
  public ImageDecoder(DecodeLimits limits, boolean nativeJpeg) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.memory = new DecodeMemory(limits.decodeMemory());
    this.turbo = nativeJpeg ? TurboJpeg.load().orElse(null) : null;
  }

  /** A decoder within the limits that uses libjpeg-turbo where the system has it. */
  public ImageDecoder(DecodeLimits limits) {
    this(limits, true);
  }

  /** A decoder with {@link DecodeLimits#DEFAULT}. */
  public ImageDecoder() {
    this(DecodeLimits.DEFAULT);
  }

  /** What decodes JPEGs: {@code libjpeg-turbo} or {@code imageio}. */
  public String jpegDecoder() {
    return turbo != null ? "libjpeg-turbo" : "imageio";
  }

  public DecodeLimits limits() {
    return limits;
  }

  /** Bytes of {@link DecodeLimits#decodeMemory()} no decode holds now. */
  public long freeDecodeMemory() {
    return memory.freeBytes();
  }

  /** Decodes bytes of any supported format. */
  public DecodedImage decode(byte[] bytes) {
    return decode(bytes, null);
  }

  /**
   * Decodes the bytes; {@code declaredContentType} (may be null) is what the sender claimed.
   *
   * @throws ImageDecodeException with the reason when the bytes are refused or cannot be decoded
   */
  public DecodedImage decode(byte[] bytes, String declaredContentType) {
    if (bytes == null || bytes.length == 0) {
      throw new ImageDecodeException(
          Reason.EMPTY, "no image bytes" + declared(declaredContentType));
    }
    if (bytes.length > limits.maxBytes()) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_BYTES, bytes.length + " bytes exceed the limit of " + limits.maxBytes());
    }
    ImageFormat format =
        ImageFormat.sniff(bytes).orElseThrow(() -> unsupported(bytes, declaredContentType));
    ImageHeader header = check(HeaderReader.read(format, bytes));
    RgbImage stored;
    DecodeMemory.Share share = memory.take(header.decodeBytes());
    try {
      stored = decodeStored(bytes, header);
    } finally {
      share.close();
    }
    return new DecodedImage(
        Exif.upright(stored, header.orientation()), format.contentType(), header.orientation());
  }

  private RgbImage decodeStored(byte[] bytes, ImageHeader header) {
    if (header.isStreamedPng()) {
      return Png16Reader.read(bytes, header);
    }
    if (turbo != null
        && header.format() == ImageFormat.JPEG
        && !header.isFourChannelJpeg()
        && !header.iccProfile()) {
      return turbo.decode(bytes, header.width(), header.height());
    }
    return decodeStill(bytes, header);
  }

  /** The header, if its frame is one iqmon decodes; else the refusal saying why not. */
  private ImageHeader check(ImageHeader header) {
    String refusal = limits.refusal(header.width(), header.height());
    if (refusal != null) {
      throw new ImageDecodeException(Reason.TOO_MANY_PIXELS, refusal);
    }
    if (header.frames() > 1) {
      throw new ImageDecodeException(
          Reason.ANIMATED,
          "animated "
              + header.format()
              + " with "
              + header.frames()
              + " frames; iqmon scores still images: send each frame as an image of its own");
    }
    refusal = limits.memoryRefusal(header);
    if (refusal != null) {
      throw new ImageDecodeException(Reason.TOO_LARGE_TO_DECODE, refusal);
    }
    return header;
  }

  private RgbImage decodeStill(byte[] bytes, ImageHeader header) {
    ImageFormat format = header.format();
    ImageReader reader = newReader(format);
    try (ImageInputStream input =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      // The header was read above; ImageIO's metadata is not needed, and reading it can fail
      // (a JFIF marker beside a four-channel frame) or inflate PNG text chunks unbounded.
      reader.setInput(input, true, true);
      return read(reader, header);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(
          Reason.CORRUPT, format + " data cannot be decoded: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }

  private RgbImage read(ImageReader reader, ImageHeader header) throws IOException {
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    RgbImage image =
        header.isFourChannelJpeg()
            ? JpegColour.readCmyk(reader, header.adobeTransform())
            : BufferedImages.toRgb(reader.read(0));
    if (!warnings.isEmpty()) {
      throw new ImageDecodeException(
          Reason.CORRUPT, header.format() + " data is damaged: " + String.join("; ", warnings));
    }
    return image;
  }

  private static ImageReader newReader(ImageFormat format) {
    if (format == ImageFormat.WEBP) {
      try {
        return WEBP.createReaderInstance();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a WebP reader", e);
      }
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name());
    if (!readers.hasNext()) {
      throw new IllegalStateException("no ImageIO reader for " + format);
    }
    return readers.next();
  }

  private static ImageDecodeException unsupported(byte[] bytes, String declaredContentType) {
    // The bytes themselves are not quoted: they may be a referenced file that is not an image.
    return new ImageDecodeException(
        Reason.UNSUPPORTED_FORMAT,
        "bytes are not JPEG, PNG, WebP or GIF (no known signature in "
            + bytes.length
            + " bytes)"
            + declared(declaredContentType));
  }

  private static String declared(String contentType) {
    return contentType == null ? "" : "; declared " + contentType;
  }
}
