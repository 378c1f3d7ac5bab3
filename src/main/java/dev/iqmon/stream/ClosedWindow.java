package dev.iqmon.stream;

import dev.iqmon.trends.Baseline;
import dev.iqmon.trends.TrendAccumulator;
import dev.iqmon.trends.WindowSlicing;

/**
 * A trend window of one feed and ROI label that has just closed: its aggregate, the share threshold
 * it was counted with, and the baseline before it (null until there is one).
 */
record ClosedWindow(
    String feed,
    String label,
    WindowSlicing.Window window,
    TrendAccumulator trend,
    double threshold,
    Baseline baseline) {}
