package dev.iqmon.roi;

/** A region that was asked for but will not be scored, and why. */
public record DroppedRoi(String id, RoiSource source, String reason) {}
