/**
 * The HTTP query endpoints: a feed's open trend windows and firing alerts, answered from the state
 * stores of the instance that holds the feed, and forwarded there from any other instance.
 */
package dev.iqmon.web;
