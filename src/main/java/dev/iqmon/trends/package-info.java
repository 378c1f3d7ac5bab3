/** Aggregates of region scores over time windows. Plain Java. */
package dev.iqmon.trends;
