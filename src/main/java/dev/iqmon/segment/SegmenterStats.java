package dev.iqmon.segment;

/**
 * What a segmenter has done since it opened: encoder and decoder runs, prompts decoded, and the
 * time spent preparing inputs, in the models, and turning outputs into masks.
 */
public record SegmenterStats(
    long encoderRuns,
    long decoderRuns,
    long prompts,
    double preMillis,
    double modelMillis,
    double postMillis) {}
