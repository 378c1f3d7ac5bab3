/**
 * The self-contained demo: the broker and registry it runs on, sample feeds whose quality degrades
 * and recovers, a live summary, when it stops (its duration or Ctrl-C), and its closing report.
 */
package dev.iqmon.demo;
