/** Regions of interest: boxes, masks and where they come from. Plain Java, no Kafka or Avro. */
package dev.iqmon.roi;
