/** Micrometer meters of the pipeline and the HTTP endpoint that exports them. */
package dev.iqmon.metrics;
