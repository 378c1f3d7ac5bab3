package dev.iqmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.alerts.EpisodeRule.Direction;
import dev.iqmon.config.AlertSeverity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeRuleTest {

  private static final AlertKey KEY = AlertKey.of("cam-1", "whole", "low-score");

  private static EpisodeRule above(double fire, double resolve, int fireAfter, int resolveAfter) {
    return new EpisodeRule(
        AlertRule.LOW_SCORE,
        Direction.ABOVE,
        fire,
        resolve,
        fireAfter,
        resolveAfter,
        AlertSeverity.WARNING,
        (key, r, run, firing) -> (firing ? "fired " : "resolved ") + run);
  }

  private static List<AlertEvent> run(EpisodeRule rule, double... values) {
    EpisodeState state = EpisodeState.quiet();
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      EpisodeRule.Step step = rule.observe(state, KEY, Reading.ofImage(i, values[i], "i" + i));
      state = step.state();
      step.event().ifPresent(events::add);
    }
    return events;
  }

  @Test
  void shouldFireAtOrAboveTheFiringLevelAndResolveUnderTheLowerOne() {
    List<AlertEvent> events = run(above(0.7, 0.4, 2, 2), 0.7, 0.7, 0.5, 0.5, 0.3, 0.5, 0.3, 0.39);
    assertThat(events).extracting(AlertEvent::firing).containsExactly(true, false);
    assertThat(events.get(0).firedAt()).isEqualTo(1);
    assertThat(events.get(1).resolvedAt()).isEqualTo(7);
    assertThat(events.get(1).evidence().imageIds()).containsExactly("i6", "i7");
    assertThat(events.get(1).message()).isEqualTo("resolved 2");
  }

  @Test
  void shouldNeverFireTwiceInOneEpisode() {
    assertThat(run(above(0.7, 0.4, 1, 1), 0.9, 0.9, 0.8, 0.9, 0.6, 0.9)).hasSize(1);
  }

  @Test
  void shouldKeepNothingOnceQuietAgain() {
    EpisodeRule rule = above(0.7, 0.4, 1, 1);
    EpisodeState fired =
        rule.observe(EpisodeState.quiet(), KEY, Reading.ofImage(0, 1, "a")).state();
    EpisodeState resolved = rule.observe(fired, KEY, Reading.ofImage(1, 0, "b")).state();
    assertThat(fired.firing()).isTrue();
    assertThat(resolved.idle()).isTrue();
  }

  @Test
  void shouldRefuseAResolvingLevelOnTheBadSide() {
    assertThatThrownBy(() -> above(0.4, 0.7, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
