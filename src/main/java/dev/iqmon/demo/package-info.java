/**
 * The self-contained demo: sample feeds whose quality degrades and recovers, and a live summary.
 */
package dev.iqmon.demo;
