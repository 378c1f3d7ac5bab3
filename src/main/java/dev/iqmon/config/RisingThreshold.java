package dev.iqmon.config;

/**
 * The settings of a rule whose bad readings are high ones: it fires after {@code consecutive}
 * readings at or above {@code fireAtOrAbove} and resolves after as many under {@code resolveBelow}.
 */
public interface RisingThreshold {

  double fireAtOrAbove();

  double resolveBelow();

  int consecutive();

  AlertSeverity severity();
}
