package dev.iqmon.image;

import java.util.Objects;

/**
 * A decoded image, upright, and the content type its bytes really had (sniffed, e.g. {@code
 * image/png}), whatever the sender declared.
 *
 * @param image the pixels as people see them: the EXIF orientation already applied
 * @param contentType the sniffed content type
 * @param orientation the EXIF orientation that was applied, 1 (as stored) to 8
 */
public record DecodedImage(RgbImage image, String contentType, int orientation) {

  public DecodedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(contentType, "contentType");
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("EXIF orientation must be 1 to 8, got " + orientation);
    }
  }

  /** An image stored upright. */
  public DecodedImage(RgbImage image, String contentType) {
    this(image, contentType, 1);
  }
}
