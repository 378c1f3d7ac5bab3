/**
 * iqmon's learned ROI quality model (3.x). {@link dev.iqmon.quality.learned.LearnedModel} joins
 * plain pre-processing ({@link dev.iqmon.quality.learned.EncoderInput}: each image at its own size,
 * frames over the pixel cap shrunk by {@link dev.iqmon.quality.learned.SquashResize}), the two
 * networks behind {@link dev.iqmon.quality.learned.QualityNetworks} (on ONNX Runtime: {@link
 * dev.iqmon.quality.learned.OnnxQualityNetworks}), pooling of the encoder's 16-pixel cells under
 * each region in Java ({@link dev.iqmon.quality.learned.CellGrid}, {@link
 * dev.iqmon.quality.learned.CellWeights}), and plain post-processing (level softmax, distortion
 * probabilities, importance, and {@link dev.iqmon.quality.learned.DegradedRegions} from the dense
 * head). The cell size, feature width, class order and rules come from the ONNX files ({@link
 * dev.iqmon.quality.learned.NetworkContract}). No Kafka, no Avro.
 */
package dev.iqmon.quality.learned;
