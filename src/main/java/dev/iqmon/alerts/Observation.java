package dev.iqmon.alerts;

/** One region score as the alert rules see it. */
public record Observation(String feedId, String label, String imageId, long time, double score) {}
