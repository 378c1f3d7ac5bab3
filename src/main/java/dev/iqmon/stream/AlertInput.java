package dev.iqmon.stream;

/** What the alert rules judge: a scored image, or a trend window that has closed. */
sealed interface AlertInput {

  record Image(ImageOutcome.Scored scored) implements AlertInput {}

  record Window(ClosedWindow closed) implements AlertInput {}
}
