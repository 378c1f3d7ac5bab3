package dev.iqmon.image;

import java.util.Objects;

/**
 * An image that could not be decoded: why, for routing and metrics, and a message for people.
 * Unchecked, so that a stream processor lets it reach the configured processing-exception handler,
 * which routes the record to the dead-letter topic with the reason.
 */
public final class ImageDecodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why decoding failed; stable names, fit for a dead-letter header or a metric tag. */
  public enum Reason {
    /** More encoded bytes than {@link DecodeLimits#maxBytes()}. */
    TOO_MANY_BYTES,
    /** The header announces a frame beyond the pixel or side limits. */
    TOO_MANY_PIXELS,
    /** Decoding would allocate more than {@link DecodeLimits#maxDecodeBytes()}. */
    TOO_LARGE_TO_DECODE,
    /** An animation (animated WebP, GIF or PNG): iqmon scores still images. */
    ANIMATED,
    /** Not JPEG, PNG, WebP or GIF. */
    UNSUPPORTED_FORMAT,
    /** A supported format, but truncated or damaged. */
    CORRUPT,
    /** No bytes at all. */
    EMPTY
  }

  private final Reason reason;

  public ImageDecodeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ImageDecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
