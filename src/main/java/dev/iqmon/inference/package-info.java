/**
 * ONNX Runtime for iqmon: one environment per process, sessions on the chosen execution provider
 * (CUDA where it works, the CPU otherwise), model files located on disk or in the jar, direct
 * native-order buffers for tensors, and batching of model calls across threads. Plain Java over
 * ONNX Runtime; nothing here knows Kafka.
 */
package dev.iqmon.inference;
