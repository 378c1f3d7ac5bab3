package dev.iqmon.quality;

/** Which model scored a region: its id, its version, and where it ran (cpu, cuda, java). */
public record ModelInfo(String id, String version, String provider) {}
