package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.image.ImageDecodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Animations are refused with a reason that says so; a still GIF is decoded. */
class AnimatedImageTest {

  private final ImageDecoder decoder = new ImageDecoder();

  @ParameterizedTest
  @ValueSource(strings = {"animated.webp", "animated.gif"})
  void shouldRefuseAnAnimationSayingItIsOne(String file) {
    assertThatThrownBy(() -> decoder.decode(TestImages.fileBytes(file)))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ANIMATED);
              assertThat(e.getMessage()).contains("animated").contains("3 frames");
            });
  }

  @Test
  void shouldDecodeAStillGif() {
    DecodedImage image = decoder.decode(TestImages.fileBytes("still.gif"));

    assertThat(image.contentType()).isEqualTo("image/gif");
    assertThat(image.image().width()).isEqualTo(40);
    assertThat(image.image().rgb(20, 15)).isEqualTo(0xff0000);
  }
}
