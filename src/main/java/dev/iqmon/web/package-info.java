/**
 * The service's HTTP endpoint: metrics and health; a feed's open trend windows and firing alerts,
 * answered from the state stores of the instance that holds the feed and forwarded there from any
 * other instance; and the live dashboard, fed from the result topics so that any instance shows the
 * whole fleet, with its per-feed quality meters.
 */
package dev.iqmon.web;
