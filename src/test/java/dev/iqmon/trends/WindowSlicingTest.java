package dev.iqmon.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.trends.WindowSlicing.Spec;
import dev.iqmon.trends.WindowSlicing.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSlicingTest {

  private static final long MIN = 60_000;
  private static final Spec ONE_MINUTE = new Spec("1m", MIN, MIN, 30_000);
  private static final Spec FIFTEEN_HOPPING = new Spec("15m", 15 * MIN, MIN, 30_000);
  private static final Spec ONE_HOUR = new Spec("1h", 60 * MIN, 60 * MIN, 30_000);
  private static final WindowSlicing DEFAULTS =
      new WindowSlicing(List.of(ONE_MINUTE, FIFTEEN_HOPPING, ONE_HOUR));

  @Test
  void shouldCutTimeIntoSlicesEveryWindowIsMadeOf() {
    assertThat(DEFAULTS.sliceLength()).isEqualTo(MIN);
    assertThat(new WindowSlicing(List.of(new Spec("a", 20_000, 15_000, 0))).sliceLength())
        .isEqualTo(5_000);
    assertThat(DEFAULTS.retention()).isEqualTo(60 * MIN + 30_000);
    assertThat(DEFAULTS.sliceStart(MIN + 1)).isEqualTo(MIN);
    assertThat(DEFAULTS.sliceStart(-1)).isEqualTo(-MIN);
  }

  @Test
  void shouldFindEveryHoppingWindowThatContainsATime() {
    List<Window> windows = DEFAULTS.containing(FIFTEEN_HOPPING, 20 * MIN + 5);
    assertThat(windows).hasSize(15);
    assertThat(windows.get(0).start()).isEqualTo(6 * MIN);
    assertThat(windows.get(14).start()).isEqualTo(20 * MIN);
    assertThat(windows).allMatch(w -> w.start() <= 20 * MIN + 5 && 20 * MIN + 5 < w.end());
  }

  @Test
  void shouldCloseEachWindowOnceWhenStreamTimePassesItsEndAndGrace() {
    WindowSlicing oneMinute = new WindowSlicing(List.of(ONE_MINUTE));
    assertThat(oneMinute.closing(30_000, MIN + 29_999)).isEmpty();
    assertThat(oneMinute.closing(30_000, MIN + 30_000))
        .containsExactly(new Window("1m", 0, MIN, 30_000));
    assertThat(oneMinute.closing(MIN + 30_000, MIN + 40_000)).isEmpty();
  }

  @Test
  void shouldOnlyCloseWindowsThatCanHoldScoresWhenStreamTimeJumps() {
    List<Window> closed = DEFAULTS.closing(5 * MIN, 1000 * MIN);
    assertThat(closed).allMatch(w -> w.start() <= 5 * MIN && w.closesAt() > 5 * MIN);
    // Windows starting at 5 min hold the score that set stream time there.
    assertThat(closed).filteredOn(w -> w.name().equals("1m")).hasSize(2);
    assertThat(closed).filteredOn(w -> w.name().equals("15m")).hasSize(16);
    assertThat(closed).filteredOn(w -> w.name().equals("1h")).hasSize(1);
    assertThat(closed).isSortedAccordingTo(java.util.Comparator.comparingLong(Window::closesAt));
  }

  @Test
  void shouldAcceptALateScoreWhileOneOfItsWindowsIsOpen() {
    WindowSlicing slicing = new WindowSlicing(List.of(ONE_MINUTE, ONE_HOUR));
    assertThat(slicing.accepts(10_000, MIN + 29_999)).isTrue();
    assertThat(slicing.accepts(10_000, 2 * MIN)).as("the hour is still open").isTrue();
    assertThat(slicing.accepts(10_000, 60 * MIN + 30_000)).isFalse();
  }

  @Test
  void shouldListTheOpenWindowsThatMayHoldScores() {
    List<Window> open = DEFAULTS.open(20 * MIN + 10_000);
    assertThat(open).filteredOn(w -> w.name().equals("1m")).hasSize(2);
    assertThat(open).filteredOn(w -> w.name().equals("15m")).hasSize(16);
    assertThat(open).filteredOn(w -> w.name().equals("1h")).hasSize(1);
  }
}
