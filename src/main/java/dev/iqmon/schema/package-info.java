/**
 * Avro on the wire: a small client for registries that speak the Confluent REST API, and a Kafka
 * serde that writes and reads the Confluent wire format (magic byte 0, 4-byte schema id, Avro
 * binary), so any Confluent-compatible consumer can read what iqmon publishes.
 */
package dev.iqmon.schema;
