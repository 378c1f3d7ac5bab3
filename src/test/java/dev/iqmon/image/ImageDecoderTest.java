package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.image.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void shouldDecodeJpegAndPngSamplesWithTheirSniffedContentType() {
    DecodedImage jpeg = decoder.decode(TestImages.sampleBytes("rocket.jpg"), "image/jpeg");
    DecodedImage png = decoder.decode(TestImages.sampleBytes("chelsea.png"), "image/png");

    assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
    assertThat(jpeg.image().width()).isEqualTo(640);
    assertThat(jpeg.image().height()).isEqualTo(427);
    assertThat(png.contentType()).isEqualTo("image/png");
    assertThat(png.image().width()).isEqualTo(451);
  }

  @Test
  void shouldDecodeAJpegToThePixelsImageIoSees() throws IOException {
    byte[] jpeg = TestImages.sampleBytes("rocket.jpg");
    BufferedImage reference = ImageIO.read(new ByteArrayInputStream(jpeg));

    RgbImage image = decoder.decode(jpeg).image();

    for (int y = 0; y < image.height(); y += 7) {
      for (int x = 0; x < image.width(); x += 5) {
        assertThat(image.rgb(x, y)).isEqualTo(reference.getRGB(x, y) & 0xffffff);
      }
    }
  }

  @Test
  void shouldDecodeLosslessWebpToTheSamePixels() {
    RgbImage original = TestImages.sample("chelsea.png");

    DecodedImage webp = decoder.decode(ImageEncoder.webpLossless(original), "image/webp");

    assertThat(webp.contentType()).isEqualTo("image/webp");
    assertThat(webp.image().pixels()).isEqualTo(original.pixels());
  }

  @Test
  void shouldTrustTheBytesOverTheDeclaredType() {
    DecodedImage image = decoder.decode(TestImages.sampleBytes("coffee.png"), "image/jpeg");

    assertThat(image.contentType()).isEqualTo("image/png");
  }

  @Test
  void shouldRejectNoBytesAsEmpty() {
    assertThatThrownBy(() -> decoder.decode(new byte[0], "image/png"))
        .isInstanceOfSatisfying(
            ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
  }

  @Test
  void shouldRejectTooManyBytesBeforeLookingAtThem() {
    ImageDecoder small = new ImageDecoder(new DecodeLimits(1000, 1_000_000, 4000, 4000));

    assertThatThrownBy(() -> small.decode(new byte[1001], null))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_BYTES));
  }

  @Test
  void shouldRejectAHugeFrameFromItsHeaderWithoutDecodingPixels() {
    byte[] bomb = pngHeaderOnly(100_000, 100_000);

    assertThatThrownBy(() -> decoder.decode(bomb, "image/png"))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
              assertThat(e.getMessage()).contains("100000x100000");
            });
  }

  @Test
  void shouldRejectAFrameWiderThanTheLimit() {
    ImageDecoder narrow = new ImageDecoder(new DecodeLimits(1 << 20, 1_000_000, 400, 4000));

    assertThatThrownBy(() -> narrow.decode(TestImages.sampleBytes("chelsea.png"), null))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS));
  }

  @Test
  void shouldRejectOtherFormatsNamingTheDeclaredType() {
    byte[] bmp = "BM\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> decoder.decode(bmp, "image/bmp"))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
              assertThat(e.getMessage()).contains("image/bmp").doesNotContain("42 4d");
            });
  }

  @Test
  void shouldNeverQuoteTheBytesOfSomethingThatIsNotAnImage() {
    byte[] passwd = "root:x:0:0:root:/root:/bin/bash\n".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> decoder.decode(passwd, null))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("not JPEG, PNG, WebP or GIF")
                    .doesNotContain("72 6f 6f 74")
                    .doesNotContainIgnoringCase("root"));
  }

  @Test
  void shouldRejectATruncatedJpegRatherThanReturnHalfAnImage() {
    byte[] jpeg = TestImages.sampleBytes("rocket.jpg");

    assertCorrupt(Arrays.copyOf(jpeg, jpeg.length / 2));
  }

  @Test
  void shouldRejectAJpegWhoseDataBreaksOffAtAStrayMarker() {
    byte[] jpeg = TestImages.sampleBytes("rocket.jpg").clone();
    jpeg[jpeg.length / 2] = (byte) 0xff;
    jpeg[jpeg.length / 2 + 1] = (byte) 0xd9;

    assertCorrupt(jpeg);
  }

  @Test
  void shouldRejectTruncatedPngAndWebp() {
    byte[] png = TestImages.sampleBytes("coffee.png");
    byte[] webp = ImageEncoder.webp(TestImages.sample("coffee.png"), 80);

    assertCorrupt(Arrays.copyOf(png, png.length / 2));
    assertCorrupt(Arrays.copyOf(webp, webp.length / 2));
  }

  @Test
  void shouldKeepTheStoredLevelsOfAGreyPng() throws IOException {
    BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 128);
    grey.getRaster().setSample(1, 0, 0, 255);

    RgbImage image = decoder.decode(png(grey)).image();

    assertThat(image.rgb(0, 0)).isEqualTo(0x808080);
    assertThat(image.rgb(1, 0)).isEqualTo(0xffffff);
    assertThat(image.rgb(2, 0)).isZero();
  }

  @Test
  void shouldScaleSixteenBitGreyToEightBits() throws IOException {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSample(0, 0, 0, 0xffff);
    grey.getRaster().setSample(1, 0, 0, 0x8080);

    RgbImage image = decoder.decode(png(grey)).image();

    assertThat(image.rgb(0, 0)).isEqualTo(0xffffff);
    assertThat(image.rgb(1, 0)).isEqualTo(0x808080);
  }

  @Test
  void shouldDecodeAPalettePng() throws IOException {
    BufferedImage palette = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED);
    palette.setRGB(0, 0, 0xff0000);
    palette.setRGB(1, 0, 0x0000ff);

    RgbImage image = decoder.decode(png(palette)).image();

    assertThat(image.rgb(0, 0)).isEqualTo(0xff0000);
    assertThat(image.rgb(1, 0)).isEqualTo(0x0000ff);
  }

  @Test
  void shouldApplyThePaletteTransparencyOfAPng() throws IOException {
    byte[] reds = {(byte) 255, (byte) 255};
    byte[] zeros = {0, 0};
    byte[] alphas = {(byte) 255, 0};
    IndexColorModel palette = new IndexColorModel(1, 2, reds, zeros, zeros, alphas);
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
    image.getRaster().setSample(1, 0, 0, 1);

    RgbImage decoded = decoder.decode(png(image)).image();

    assertThat(decoded.rgb(0, 0)).isEqualTo(0xff0000);
    assertThat(decoded.rgb(1, 0)).isZero();
  }

  @Test
  void shouldCompositeAlphaOverBlack() throws IOException {
    BufferedImage alpha = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    alpha.setRGB(0, 0, 0xffff0000);
    alpha.setRGB(1, 0, 0x80ff0000);
    alpha.setRGB(2, 0, 0x00ffffff);

    RgbImage image = decoder.decode(png(alpha)).image();

    assertThat(image.rgb(0, 0)).isEqualTo(0xff0000);
    assertThat(image.rgb(1, 0)).isEqualTo(0x800000);
    assertThat(image.rgb(2, 0)).isZero();
  }

  @Test
  void shouldDecodeTheSameImageFromManyThreads() throws Exception {
    byte[] jpeg = TestImages.sampleBytes("rocket.jpg");
    int[] expected = decoder.decode(jpeg).image().pixels();

    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<int[]>>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> decoder.decode(jpeg).image().pixels()));
      }
      for (var future : futures) {
        assertThat(future.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  private void assertCorrupt(byte[] bytes) {
    assertThatThrownBy(() -> decoder.decode(bytes))
        .isInstanceOfSatisfying(
            ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** A PNG signature and an IHDR chunk announcing an RGB frame of the given size, nothing more. */
  private static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return png.array();
  }
}
