package dev.iqmon.stream;

import dev.iqmon.avro.FailedStage;

/**
 * Thrown inside the pipeline when an input cannot be processed at some stage, for an expected
 * reason.
 */
final class Rejection extends Exception {

  private static final long serialVersionUID = 1L;

  private final FailedStage stage;

  Rejection(FailedStage stage, String reason, Throwable cause) {
    super(reason, cause);
    this.stage = stage;
  }

  Rejection(FailedStage stage, String reason) {
    this(stage, reason, null);
  }

  FailedStage stage() {
    return stage;
  }
}
