package dev.iqmon.alerts;

/** A closed trend window a reading comes from: the window's name and its bounds, in ms. */
public record WindowRef(String name, long start, long end) {}
