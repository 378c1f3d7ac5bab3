/**
 * Promptable segmentation behind the de-facto SAM ONNX contract (SAM, MobileSAM, EfficientSAM
 * exports): an image encoder run once per image and a prompt decoder run for batches of point and
 * box prompts, plus the automatic mode that prompts a grid of points and keeps the good masks. Pre-
 * and post-processing are plain Java; {@link dev.iqmon.segment.SamSegmenter} is the only class that
 * touches ONNX Runtime. No Kafka or Avro.
 */
package dev.iqmon.segment;
