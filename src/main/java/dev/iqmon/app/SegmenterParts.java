package dev.iqmon.app;

import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.SegmenterConfig;
import dev.iqmon.roi.RoiPlanner;
import dev.iqmon.segment.SamSegmenter;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the segmenter the config names, and builds the region planner around it. */
final class SegmenterParts {

  private SegmenterParts() {}

  /** The configured segmenter, opened; empty when none is configured. The caller closes it. */
  static Optional<SamSegmenter> open(SegmenterConfig config) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        SamSegmenter.open(
            Path.of(config.encoder().path()),
            Path.of(config.decoder().path()),
            config.contract(),
            config.automatic().settings(),
            config.device()));
  }

  static RoiPlanner planner(IqmonConfig config, Optional<SamSegmenter> segmenter) {
    return new RoiPlanner(config.rois().limits(), segmenter);
  }
}
