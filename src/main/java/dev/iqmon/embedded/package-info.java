/**
 * A real Kafka broker and a real schema registry on 127.0.0.1, for the demo and the integration
 * tests: a single-node KRaft broker in this JVM ({@link dev.iqmon.embedded.EmbeddedKafka}) and
 * Apicurio Registry as a child process ({@link dev.iqmon.embedded.EmbeddedRegistry}). Neither needs
 * Docker or anything beyond what {@code mvn package} fetches from Maven Central.
 */
package dev.iqmon.embedded;
