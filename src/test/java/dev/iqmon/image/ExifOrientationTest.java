package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Photos stored sideways with an EXIF orientation (written by exiftool) come out as people see
 * them. The stored frame is 60x40: red square top left, blue top right, lime bottom left.
 */
class ExifOrientationTest {

  private static final int RED = 0xff0000;
  private static final int BLUE = 0x0000ff;
  private static final int LIME = 0x00ff00;

  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void shouldKeepAnImageWithoutOrientationAsStored() {
    DecodedImage image = decoder.decode(TestImages.fileBytes("land.jpg"));

    assertThat(image.orientation()).isEqualTo(1);
    assertSize(image.image(), 60, 40);
    assertColour(image.image(), 4, 4, RED);
    assertColour(image.image(), 55, 4, BLUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"orient6.jpg", "orient6.png", "orient6.webp"})
  void shouldTurnAPortraitStoredSidewaysUpright(String file) {
    DecodedImage image = decoder.decode(TestImages.fileBytes(file));

    // Rotated 90 degrees clockwise: the stored bottom-left corner is now the top left.
    assertThat(image.orientation()).isEqualTo(6);
    assertSize(image.image(), 40, 60);
    assertColour(image.image(), 4, 4, LIME);
    assertColour(image.image(), 35, 4, RED);
    assertColour(image.image(), 35, 55, BLUE);
  }

  @Test
  void shouldTurnAnUpsideDownImage() {
    DecodedImage image = decoder.decode(TestImages.fileBytes("orient3.jpg"));

    assertThat(image.orientation()).isEqualTo(3);
    assertSize(image.image(), 60, 40);
    assertColour(image.image(), 55, 35, RED);
    assertColour(image.image(), 4, 35, BLUE);
  }

  @Test
  void shouldTurnAnImageStoredTheOtherWaySideways() {
    DecodedImage image = decoder.decode(TestImages.fileBytes("orient8.jpg"));

    assertThat(image.orientation()).isEqualTo(8);
    assertSize(image.image(), 40, 60);
    assertColour(image.image(), 4, 4, BLUE);
    assertColour(image.image(), 4, 55, RED);
    assertColour(image.image(), 35, 55, LIME);
  }

  private static void assertSize(RgbImage image, int width, int height) {
    assertThat(image.width()).isEqualTo(width);
    assertThat(image.height()).isEqualTo(height);
  }

  private static void assertColour(RgbImage image, int x, int y, int rgb) {
    int got = image.rgb(x, y);
    for (int shift = 0; shift <= 16; shift += 8) {
      assertThat(Math.abs((got >> shift & 0xff) - (rgb >> shift & 0xff)))
          .as("pixel (%d, %d) is %06x, expected about %06x", x, y, got, rgb)
          .isLessThan(40);
    }
  }
}
