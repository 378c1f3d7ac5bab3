package dev.iqmon.quality;

import dev.iqmon.roi.Roi;

/** A region and its quality. */
public record ScoredRegion(Roi roi, RegionQuality quality) {}
