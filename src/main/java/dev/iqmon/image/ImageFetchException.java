package dev.iqmon.image;

import java.util.Objects;

/**
 * A claim-checked image that could not be fetched: why, and a message for people. Unchecked, like
 * {@link ImageDecodeException}, for the same dead-letter routing.
 */
public final class ImageFetchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why fetching failed; stable names, fit for a dead-letter header or a metric tag. */
  public enum Reason {
    /** The scheme, host or path is outside the {@link FetchPolicy}. */
    NOT_ALLOWED,
    /** No such file, or HTTP 404/410. */
    NOT_FOUND,
    /** More bytes than the policy allows. */
    TOO_LARGE,
    /** Anything else: timeouts, refused connections, other HTTP statuses. */
    IO
  }

  private final Reason reason;

  public ImageFetchException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ImageFetchException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
