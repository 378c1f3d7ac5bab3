package dev.iqmon.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule remembers for one alert: the event that opened the current episode (none while
 * quiet), and the run of recent readings that count towards the next change.
 */
public record EpisodeState(AlertEvent fired, List<Double> runValues, List<String> runImageIds) {

  public EpisodeState {
    runValues = List.copyOf(runValues);
    runImageIds = List.copyOf(runImageIds);
  }

  public static EpisodeState quiet() {
    return new EpisodeState(null, List.of(), List.of());
  }

  static EpisodeState firing(AlertEvent fired) {
    return new EpisodeState(fired, List.of(), List.of());
  }

  public boolean firing() {
    return fired != null;
  }

  /** Quiet with no run: nothing worth keeping. */
  public boolean idle() {
    return fired == null && runValues.isEmpty();
  }

  int run() {
    return runValues.size();
  }

  EpisodeState extendRun(Reading reading) {
    List<Double> values = new ArrayList<>(runValues);
    List<String> ids = new ArrayList<>(runImageIds);
    values.add(reading.value());
    if (reading.imageId() != null) {
      ids.add(reading.imageId());
    }
    return new EpisodeState(fired, values, ids);
  }

  EpisodeState resetRun() {
    return runValues.isEmpty() ? this : new EpisodeState(fired, List.of(), List.of());
  }
}
