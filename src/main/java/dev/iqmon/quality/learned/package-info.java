/**
 * iqmon's learned ROI quality model. {@link dev.iqmon.quality.learned.LearnedModel} joins plain
 * pre-processing ({@link dev.iqmon.quality.learned.SquashResize}: the whole image to the encoder's
 * size exactly as OpenCV resizes it in training; {@link dev.iqmon.quality.learned.RoiGrid}: each
 * region's mask pooled to the ROI head's grid), the two networks behind {@link
 * dev.iqmon.quality.learned.QualityNetworks} (on ONNX Runtime: {@link
 * dev.iqmon.quality.learned.OnnxQualityNetworks}), and plain post-processing (level softmax,
 * distortion probabilities, importance, and {@link dev.iqmon.quality.learned.DegradedRegions} from
 * the dense head). Sizes, normalisation and class order come from the ONNX files ({@link
 * dev.iqmon.quality.learned.NetworkContract}). No Kafka, no Avro.
 */
package dev.iqmon.quality.learned;
