package dev.iqmon.segment;

import dev.iqmon.roi.RegionMask;
import java.util.Optional;

/**
 * The mask the decoder made for one prompt (empty when no pixel passed the threshold, or when the
 * prompt was not worth thresholding), with the decoder's predicted IoU and the mask's stability.
 */
public record SegmentedMask(Optional<RegionMask> mask, double predictedIou, double stability) {}
