package dev.iqmon.alerts;

import dev.iqmon.config.AlertSeverity;
import dev.iqmon.config.RisingThreshold;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert rule as a state machine with hysteresis. Each reading is judged against two levels: past
 * the firing level it counts towards opening an episode, past the resolving level towards closing
 * it, and in between it breaks either run. {@code fireAfter} breaching readings in a row open an
 * episode (one FIRING event); {@code resolveAfter} clearing readings in a row close it (one
 * RESOLVED event with the same episode id).
 */
public final class EpisodeRule {

  /** Whether low values (scores) or high values (probabilities, drops, shares) are bad. */
  public enum Direction {
    BELOW,
    ABOVE
  }

  /**
   * The alert's message for a change, from the key, the reading that completed the run, the run.
   */
  @FunctionalInterface
  public interface Wording {
    String describe(AlertKey key, Reading reading, int run, boolean firing);
  }

  /** The state after a reading, and the change it caused, if any. */
  public record Step(EpisodeState state, Optional<AlertEvent> event) {}

  private final AlertRule rule;
  private final Direction direction;
  private final double fireAt;
  private final double resolveAt;
  private final int fireAfter;
  private final int resolveAfter;
  private final AlertSeverity severity;
  private final Wording wording;

  /**
   * {@code rule} says which rule this is: its id names it in settings and alert ids ({@code
   * low-score}).
   *
   * <p>{@code BELOW}: a value under {@code fireAt} breaches, one at or above {@code resolveAt}
   * clears. {@code ABOVE}: a value at or above {@code fireAt} breaches, one under {@code resolveAt}
   * clears.
   */
  public EpisodeRule(
      AlertRule rule,
      Direction direction,
      double fireAt,
      double resolveAt,
      int fireAfter,
      int resolveAfter,
      AlertSeverity severity,
      Wording wording) {
    Objects.requireNonNull(rule, "rule");
    boolean ordered = direction == Direction.BELOW ? resolveAt >= fireAt : resolveAt <= fireAt;
    if (!ordered || fireAfter < 1 || resolveAfter < 1) {
      throw new IllegalArgumentException(
          rule.id()
              + ": the resolving level must be on the good side of the firing one, counts >= 1");
    }
    this.rule = rule;
    this.direction = direction;
    this.fireAt = fireAt;
    this.resolveAt = resolveAt;
    this.fireAfter = fireAfter;
    this.resolveAfter = resolveAfter;
    this.severity = Objects.requireNonNull(severity, "severity");
    this.wording = wording;
  }

  /**
   * A rule on high readings that fires and resolves after the same number of readings in a row, as
   * {@code settings} say.
   */
  static EpisodeRule rising(AlertRule rule, RisingThreshold settings, Wording wording) {
    return new EpisodeRule(
        rule,
        Direction.ABOVE,
        settings.fireAtOrAbove(),
        settings.resolveBelow(),
        settings.consecutive(),
        settings.consecutive(),
        settings.severity(),
        wording);
  }

  /** The rule's id in settings and alert ids. */
  public String name() {
    return rule.id();
  }

  public AlertRule rule() {
    return rule;
  }

  public Verdict judge(double value) {
    if (direction == Direction.BELOW) {
      return value < fireAt ? Verdict.BREACH : value >= resolveAt ? Verdict.CLEAR : Verdict.NEUTRAL;
    }
    return value >= fireAt ? Verdict.BREACH : value < resolveAt ? Verdict.CLEAR : Verdict.NEUTRAL;
  }

  /** Judges the reading's value against the rule's levels. */
  public Step observe(EpisodeState state, AlertKey key, Reading reading) {
    return observe(state, key, reading, judge(reading.value()));
  }

  /** Applies a verdict the caller reached itself (silence, repeated content). */
  public Step observe(EpisodeState state, AlertKey key, Reading reading, Verdict verdict) {
    boolean towardsChange = state.firing() ? verdict == Verdict.CLEAR : verdict == Verdict.BREACH;
    if (!towardsChange) {
      return new Step(state.resetRun(), Optional.empty());
    }
    EpisodeState run = state.extendRun(reading);
    if (run.run() < (state.firing() ? resolveAfter : fireAfter)) {
      return new Step(run, Optional.empty());
    }
    AlertEvent event = state.firing() ? resolved(run, key, reading) : fired(run, key, reading);
    return new Step(
        event.firing() ? EpisodeState.firing(event) : EpisodeState.quiet(), Optional.of(event));
  }

  /**
   * Closes the open episode at once, whatever the run (the condition has ended for a reason of its
   * own, such as a new view adopted as the reference); nothing when none is open.
   */
  public Step settle(EpisodeState state, AlertKey key, Reading reading) {
    if (!state.firing()) {
      return new Step(state, Optional.empty());
    }
    AlertEvent event = resolved(state.extendRun(reading), key, reading);
    return new Step(EpisodeState.quiet(), Optional.of(event));
  }

  private AlertEvent fired(EpisodeState run, AlertKey key, Reading reading) {
    return new AlertEvent(
        key.id(),
        key.id() + "@" + reading.time(),
        key.feedId(),
        key.label(),
        rule,
        key.qualifier(),
        true,
        severity,
        reading.time(),
        null,
        wording.describe(key, reading, run.run(), true),
        evidence(run, reading, fireAt));
  }

  private AlertEvent resolved(EpisodeState run, AlertKey key, Reading reading) {
    AlertEvent opened = run.fired();
    return new AlertEvent(
        opened.alertId(),
        opened.episodeId(),
        key.feedId(),
        key.label(),
        rule,
        key.qualifier(),
        false,
        opened.severity(),
        opened.firedAt(),
        reading.time(),
        wording.describe(key, reading, run.run(), false),
        evidence(run, reading, resolveAt));
  }

  private static AlertEvent.Evidence evidence(EpisodeState run, Reading r, double threshold) {
    return new AlertEvent.Evidence(
        r.value(),
        threshold,
        r.baseline(),
        run.runValues(),
        run.runImageIds(),
        r.window(),
        r.imageCount(),
        r.detail(),
        r.mask());
  }
}
