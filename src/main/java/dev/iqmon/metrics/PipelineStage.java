package dev.iqmon.metrics;

import java.util.Locale;

/**
 * The steps of the pipeline that are timed for each image, as they appear in the {@code stage} tag
 * of {@code iqmon_stage_seconds} and in an image result's stage timings.
 */
public enum PipelineStage {
  FETCH,
  DECODE,
  /** The detectors looking for the feed's classes, before the regions are placed. */
  DETECT,
  ROIS,
  /** Within {@link #ROIS}: the promptable segmenter's part of placing the regions. */
  SEGMENT,
  SCORE,
  THUMBNAIL;

  /** The stage's name in tags and stage timings: {@code fetch}, {@code decode}, ... */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
