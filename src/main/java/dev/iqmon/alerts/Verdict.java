package dev.iqmon.alerts;

/**
 * How a rule judges one reading: past the level that fires, past the level that resolves, or in
 * between (which breaks a run towards either change without changing the state).
 */
public enum Verdict {
  BREACH,
  CLEAR,
  NEUTRAL
}
