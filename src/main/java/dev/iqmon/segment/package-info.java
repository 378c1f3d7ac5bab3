/**
 * Promptable segmentation behind the de-facto SAM ONNX contract (SAM, MobileSAM, EfficientSAM
 * exports): an image encoder run once per image and a prompt decoder run for batches of point and
 * box prompts, plus the automatic mode that prompts a grid of points and keeps the good masks. Pre-
 * and post-processing (encoder input, resizing, prompt tensors, decoder output to masks,
 * automatic-mask filters) are plain Java, tested without a model; {@link
 * dev.iqmon.segment.SamSegmenter} and its small helpers for sessions and tensors are the adapter to
 * ONNX Runtime. No Kafka or Avro.
 */
package dev.iqmon.segment;
