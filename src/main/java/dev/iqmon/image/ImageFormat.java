package dev.iqmon.image;

import java.util.Optional;

/** The encodings iqmon decodes, recognised by their leading bytes, not by what a sender claims. */
public enum ImageFormat {
  JPEG("image/jpeg"),
  PNG("image/png"),
  WEBP("image/webp"),
  GIF("image/gif");

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final String contentType;

  ImageFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The MIME type, e.g. {@code image/jpeg}. */
  public String contentType() {
    return contentType;
  }

  /** The format the bytes are in, from their magic numbers; empty if none of these. */
  public static Optional<ImageFormat> sniff(byte[] data) {
    if (startsWith(data, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
      return Optional.of(JPEG);
    }
    if (startsWith(data, 0, PNG_SIGNATURE)) {
      return Optional.of(PNG);
    }
    if (startsWith(data, 0, (byte) 'R', (byte) 'I', (byte) 'F', (byte) 'F')
        && startsWith(data, 8, (byte) 'W', (byte) 'E', (byte) 'B', (byte) 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(data, 0, (byte) 'G', (byte) 'I', (byte) 'F', (byte) '8')) {
      return Optional.of(GIF);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, byte... magic) {
    if (data.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (data[offset + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
