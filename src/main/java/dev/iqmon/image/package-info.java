/**
 * Getting images in: fetching claim-checked references, decoding with limits, pixel access; and
 * encoding and synthetic damage for demo feeds and tests. Plain Java, no Kafka or Avro.
 */
package dev.iqmon.image;
