package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageEncoderTest {

  private final ImageDecoder decoder = new ImageDecoder();
  private final RgbImage photo = TestImages.sample("coffee.png");

  @Test
  void shouldRoundTripPngExactly() {
    assertThat(decoder.decode(ImageEncoder.png(photo)).image().pixels()).isEqualTo(photo.pixels());
  }

  @Test
  void shouldWriteSmallerJpegsAtLowerQuality() {
    byte[] high = ImageEncoder.jpeg(photo, 90);
    byte[] low = ImageEncoder.jpeg(photo, 10);

    assertThat(low.length).isLessThan(high.length / 3);
    assertThat(decoder.decode(low).contentType()).isEqualTo("image/jpeg");
  }

  @Test
  void shouldWriteLossyWebpThatDecodesToTheSameSize() {
    DecodedImage webp = decoder.decode(ImageEncoder.webp(photo, 75));

    assertThat(webp.contentType()).isEqualTo("image/webp");
    assertThat(webp.image().width()).isEqualTo(photo.width());
    assertThat(webp.image().height()).isEqualTo(photo.height());
    assertThat(ImageEncoder.webp(photo, 75).length)
        .isLessThan(ImageEncoder.webpLossless(photo).length);
  }

  @Test
  void shouldRefuseQualityOutsideOneToHundred() {
    assertThatThrownBy(() -> ImageEncoder.jpeg(photo, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageEncoder.webp(photo, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
