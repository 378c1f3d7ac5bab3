package dev.iqmon.stream;

/**
 * A feed's state cannot be read on this instance right now: the streams are starting, rebalancing
 * or stopping, or the feed's partition is moving to another instance. Asking again later may work.
 */
public final class FeedStateUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FeedStateUnavailableException(String feed, Throwable cause) {
    super(
        "the state of feed '" + feed + "' is not readable here right now: " + cause.getMessage(),
        cause);
  }
}
