/**
 * The Kafka Streams side: the topology, its processors, and the mapping between Avro records and
 * the plain-Java image, ROI and quality types.
 */
package dev.iqmon.stream;
