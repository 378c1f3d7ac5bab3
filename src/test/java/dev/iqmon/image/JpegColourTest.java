package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** Four-channel JPEGs, written raw by the JDK's encoder, with and without Adobe's marker. */
class JpegColourTest {

  private static final int ADOBE_CMYK = 0;
  private static final int ADOBE_YCCK = 2;

  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void shouldDecodePlainCmykAsInk() throws IOException {
    byte[] jpeg = fourChannelJpeg(0, 255, 255, 0);

    assertNearlyRed(decoder.decode(jpeg).image());
  }

  @Test
  void shouldDecodeAdobeCmykAsInvertedInk() throws IOException {
    byte[] jpeg = withAdobeMarker(fourChannelJpeg(255, 0, 0, 255), ADOBE_CMYK);

    assertNearlyRed(decoder.decode(jpeg).image());
  }

  @Test
  void shouldDecodeAdobeYcckThroughYcbcr() throws IOException {
    // YCbCr of (0, 255, 255): no cyan ink, full magenta and yellow once inverted back.
    byte[] jpeg = withAdobeMarker(fourChannelJpeg(179, 171, 1, 255), ADOBE_YCCK);

    assertNearlyRed(decoder.decode(jpeg).image());
  }

  @Test
  void shouldDecodeImageMagicksCmykWithJfifAndAdobeMarkersInTheirColours() {
    RgbImage original = new ImageDecoder().decode(TestImages.fileBytes("patches.png")).image();

    RgbImage cmyk = decoder.decode(TestImages.fileBytes("cmyk-jfif-adobe.jpg")).image();

    assertThat(cmyk.width()).isEqualTo(original.width());
    for (int patch = 0; patch < 5; patch++) {
      int x = 16 * patch + 8;
      int expected = original.rgb(x, 8);
      int got = cmyk.rgb(x, 8);
      for (int shift = 0; shift <= 16; shift += 8) {
        assertThat(got >> shift & 0xff)
            .as("patch %d channel at bit %d", patch, shift)
            .isCloseTo(expected >> shift & 0xff, org.assertj.core.data.Offset.offset(24));
      }
    }
  }

  private static void assertNearlyRed(RgbImage image) {
    int rgb = image.rgb(8, 8);
    assertThat(rgb >> 16 & 0xff).isGreaterThan(240);
    assertThat(rgb >> 8 & 0xff).isLessThan(15);
    assertThat(rgb & 0xff).isLessThan(15);
  }

  private static byte[] fourChannelJpeg(int c0, int c1, int c2, int c3) throws IOException {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        raster.setPixel(x, y, new int[] {c0, c1, c2, c3});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), null);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Inserts an APP14 "Adobe" segment with the given colour transform right after SOI. */
  private static byte[] withAdobeMarker(byte[] jpeg, int transform) {
    byte[] segment = {
      (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform
    };
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }
}
