package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  @Test
  void shouldRecogniseJpegPngWebpAndGifByTheirMagicBytes() {
    assertThat(ImageFormat.sniff(TestImages.sampleBytes("rocket.jpg"))).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(TestImages.sampleBytes("coffee.png"))).contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(ImageEncoder.webp(TestImages.uniform(8, 8, 0x336699), 50)))
        .contains(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff(TestImages.fileBytes("still.gif"))).contains(ImageFormat.GIF);
  }

  @Test
  void shouldRecogniseNothingInOtherOrTooShortBytes() {
    assertThat(ImageFormat.sniff("BM6\u0000\u0000\u0000".getBytes(StandardCharsets.US_ASCII)))
        .isEmpty();
    assertThat(ImageFormat.sniff("RIFF0000WAVE".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
  }
}
