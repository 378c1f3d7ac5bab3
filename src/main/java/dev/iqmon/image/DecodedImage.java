package dev.iqmon.image;

import java.util.Objects;

/**
 * A decoded image and the content type its bytes really had (sniffed, e.g. {@code image/png}),
 * whatever the sender declared.
 */
public record DecodedImage(RgbImage image, String contentType) {

  public DecodedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(contentType, "contentType");
  }
}
