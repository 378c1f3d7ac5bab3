package dev.iqmon.detect;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;

/**
 * A scene made of two real photos for the tests of detected regions: scikit-image's astronaut (a
 * person and her face) at the left of an 896 x 512 frame, and the top right of darknet's {@code
 * dog.jpg} (a white pickup, which NanoDet calls a car) at the right, on black.
 */
public final class DetectionScenes {

  /** The astronaut's face as drawn by hand, [x0, y0, x1, y1], in the scene as in the photo. */
  public static final int[] FACE = {182, 72, 272, 183};

  /** Where a blurred face is blurred: the face's box, 20 pixels wider on every side. */
  public static final int[] BLURRED = {FACE[0] - 20, FACE[1] - 20, FACE[2] + 20, FACE[3] + 20};

  /**
   * The blur of the blurred face (Gaussian sigma, in pixels): BlazeFace still finds the face at
   * 0.75 with it; with sigma 6 it no longer does.
   */
  public static final double FACE_BLUR = 4;

  /** The pickup, drawn by hand on {@code dog.jpg} at (465, 75)-(695, 170), in the scene. */
  public static final int[] CAR = {593, 187, 823, 282};

  private static final int WIDTH = 896;
  private static final int HEIGHT = 512;
  private static final int CROP_X = 384;
  private static final int CROP_WIDTH = 384;
  private static final int CROP_HEIGHT = 288;
  private static final int CROP_TOP = 112;

  private DetectionScenes() {}

  /** The scene with a sharp face. */
  public static RgbImage faceAndCar() {
    RgbImage astronaut = ShippedDetectors.photo("astronaut.png");
    RgbImage dog = ShippedDetectors.photo("dog.jpg");
    int[] pixels = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      System.arraycopy(astronaut.pixels(), y * 512, pixels, y * WIDTH, 512);
    }
    for (int y = 0; y < CROP_HEIGHT; y++) {
      System.arraycopy(
          dog.pixels(), y * dog.width() + CROP_X, pixels, (CROP_TOP + y) * WIDTH + 512, CROP_WIDTH);
    }
    return new RgbImage(WIDTH, HEIGHT, pixels);
  }

  /** The scene with the face blurred (Gaussian, {@code sigma}) inside {@link #BLURRED}. */
  public static RgbImage faceAndCarBlurredFace(double sigma) {
    RgbImage sharp = faceAndCar();
    RgbImage blurred = ImageDistortions.gaussianBlur(sharp, sigma);
    int[] pixels = sharp.pixels().clone();
    int[] b = BLURRED;
    for (int y = b[1]; y < b[3]; y++) {
      System.arraycopy(blurred.pixels(), y * WIDTH + b[0], pixels, y * WIDTH + b[0], b[2] - b[0]);
    }
    return new RgbImage(WIDTH, HEIGHT, pixels);
  }
}
