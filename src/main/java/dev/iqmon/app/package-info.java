/** The command line and the wiring that starts the service; no logic of its own. */
package dev.iqmon.app;
