/**
 * Detected regions: pretrained detectors (NanoDet-g for people, vehicles and the other COCO
 * classes, BlazeFace for faces) find objects in each image, and the classes a feed asks for become
 * its {@code DETECTED} regions. Pre-processing (the letterboxed, normalised input made once per
 * image from the decoded pixels), box decoding (NanoDet's distribution integral, BlazeFace's SSD
 * anchors) and non-maximum suppression are plain Java, tested without a model; {@link
 * dev.iqmon.detect.OnnxDetectorNetwork} is the adapter to ONNX Runtime, and {@link
 * dev.iqmon.detect.Detector} batches calls across threads with the inference package's call
 * combiner. What each file needs to be decoded is read from its metadata ({@link
 * dev.iqmon.detect.DetectorContract}). No Kafka or Avro.
 */
package dev.iqmon.detect;
