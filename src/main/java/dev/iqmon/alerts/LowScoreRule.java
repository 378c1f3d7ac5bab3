package dev.iqmon.alerts;

import java.util.Locale;
import java.util.Optional;

/**
 * Fires when a region's score stays under one threshold for N images in a row and resolves when it
 * stays at or above a higher one as long; scores between the two break a run without changing the
 * state, so a score hovering at the threshold does not flap.
 */
public final class LowScoreRule {

  public static final String NAME = "low-score";

  private final double fireBelow;
  private final double resolveAtOrAbove;
  private final int consecutive;
  private final String severity;

  public LowScoreRule(double fireBelow, double resolveAtOrAbove, int consecutive, String severity) {
    if (resolveAtOrAbove < fireBelow || consecutive < 1) {
      throw new IllegalArgumentException("need fireBelow <= resolveAtOrAbove and consecutive >= 1");
    }
    this.fireBelow = fireBelow;
    this.resolveAtOrAbove = resolveAtOrAbove;
    this.consecutive = consecutive;
    this.severity = severity;
  }

  /** The state after an observation, and the alert it raises, if any. */
  public record Step(EpisodeState state, Optional<AlertEvent> event) {}

  public Step observe(EpisodeState state, Observation o) {
    boolean towardsChange = state.firing() ? o.score() >= resolveAtOrAbove : o.score() < fireBelow;
    if (!towardsChange) {
      return new Step(state.resetRun(), Optional.empty());
    }
    EpisodeState extended = state.extendRun(o);
    if (extended.run() < consecutive) {
      return new Step(extended, Optional.empty());
    }
    return state.firing() ? resolve(extended, o) : fire(extended, o);
  }

  private Step fire(EpisodeState run, Observation o) {
    String alertId = alertId(o);
    String episodeId = alertId + "@" + o.time();
    AlertEvent event =
        event(
            run,
            o,
            alertId,
            episodeId,
            true,
            o.time(),
            null,
            String.format(
                Locale.ROOT,
                "%s/%s: score under %.0f for %d images in a row (last %.1f)",
                o.feedId(),
                o.label(),
                fireBelow,
                consecutive,
                o.score()));
    return new Step(
        new EpisodeState(true, o.time(), episodeId, java.util.List.of(), java.util.List.of()),
        Optional.of(event));
  }

  private Step resolve(EpisodeState run, Observation o) {
    AlertEvent event =
        event(
            run,
            o,
            alertId(o),
            run.episodeId(),
            false,
            run.firedAt(),
            o.time(),
            String.format(
                Locale.ROOT,
                "%s/%s: score back at or above %.0f for %d images in a row (last %.1f)",
                o.feedId(),
                o.label(),
                resolveAtOrAbove,
                consecutive,
                o.score()));
    return new Step(EpisodeState.quiet(), Optional.of(event));
  }

  private AlertEvent event(
      EpisodeState run,
      Observation o,
      String alertId,
      String episodeId,
      boolean firing,
      long firedAt,
      Long resolvedAt,
      String message) {
    return new AlertEvent(
        alertId,
        episodeId,
        o.feedId(),
        o.label(),
        NAME,
        firing,
        severity,
        firedAt,
        resolvedAt,
        message,
        o.score(),
        firing ? fireBelow : resolveAtOrAbove,
        run.runScores(),
        run.runImageIds());
  }

  private static String alertId(Observation o) {
    return o.feedId() + "/" + o.label() + "/" + NAME;
  }
}
