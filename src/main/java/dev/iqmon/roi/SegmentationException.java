package dev.iqmon.roi;

/**
 * The segmenter could not segment an image (its model failed). The planner drops the regions that
 * needed it, with this message as the reason, and the image is still scored.
 */
public class SegmentationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SegmentationException(String message, Throwable cause) {
    super(message, cause);
  }
}
