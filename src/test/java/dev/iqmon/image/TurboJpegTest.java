package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.iqmon.image.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * libjpeg-turbo, where the system has it, decodes to the very pixels ImageIO does and refuses
 * damage as ImageIO does; where it is absent, or turned off, ImageIO decodes.
 */
class TurboJpegTest {

  private final ImageDecoder imageIo = new ImageDecoder(DecodeLimits.DEFAULT, false);
  private final ImageDecoder turbo = new ImageDecoder(DecodeLimits.DEFAULT, true);

  @BeforeEach
  void needsLibjpegTurbo() {
    assumeThat(turbo.jpegDecoder())
        .as("libturbojpeg.so.0 on this system")
        .isEqualTo("libjpeg-turbo");
  }

  @Test
  void shouldDecodeBaselineProgressiveAndGreyJpegsToThePixelsImageIoDecodes() throws IOException {
    RgbImage photo = TestImages.sample("chelsea.png");
    for (byte[] jpeg :
        new byte[][] {
          jpeg(photo, BufferedImage.TYPE_3BYTE_BGR, false),
          jpeg(photo, BufferedImage.TYPE_3BYTE_BGR, true),
          jpeg(photo, BufferedImage.TYPE_BYTE_GRAY, false),
          TestImages.fileBytes("land.jpg")
        }) {
      assertThat(turbo.decode(jpeg).image().pixels())
          .isEqualTo(imageIo.decode(jpeg).image().pixels());
    }
  }

  @Test
  void shouldLeaveAJpegWithAnIccProfileToImageIoWhichConvertsItsColours() {
    // rocket.jpg embeds Adobe RGB (1998).
    byte[] jpeg = TestImages.sampleBytes("rocket.jpg");

    assertThat(turbo.decode(jpeg).image().pixels())
        .isEqualTo(imageIo.decode(jpeg).image().pixels());
  }

  @Test
  void shouldStillTurnAndConvertWhatLibjpegTurboDoesNotHandle() {
    assertThat(turbo.decode(TestImages.fileBytes("orient6.jpg")).image().width()).isEqualTo(40);
    assertThat(turbo.decode(TestImages.fileBytes("cmyk-jfif-adobe.jpg")).image().pixels())
        .isEqualTo(imageIo.decode(TestImages.fileBytes("cmyk-jfif-adobe.jpg")).image().pixels());
  }

  @Test
  void shouldRefuseATruncatedJpegAsCorrupt() {
    byte[] jpeg = TestImages.sampleBytes("rocket.jpg");

    assertThatThrownBy(() -> turbo.decode(Arrays.copyOf(jpeg, jpeg.length / 2)))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
              assertThat(e.getMessage()).startsWith("JPEG data is damaged");
            });
  }

  @Test
  void shouldUseImageIoWhenTurnedOff() {
    assertThat(imageIo.jpegDecoder()).isEqualTo("imageio");
  }

  private static byte[] jpeg(RgbImage image, int type, boolean progressive) throws IOException {
    BufferedImage source = BufferedImages.toBuffered(image);
    BufferedImage typed = new BufferedImage(image.width(), image.height(), type);
    typed.getGraphics().drawImage(source, 0, 0, null);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(typed, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
