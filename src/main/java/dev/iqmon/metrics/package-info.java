/** Micrometer meters of the pipeline and the health of the service's dependencies. */
package dev.iqmon.metrics;
