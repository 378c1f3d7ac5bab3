package dev.iqmon.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule remembers for one feed and label: whether an episode is firing, since when, and the
 * run of recent observations that count towards the next change.
 */
public record EpisodeState(
    boolean firing,
    long firedAt,
    String episodeId,
    List<Double> runScores,
    List<String> runImageIds) {

  public EpisodeState {
    runScores = List.copyOf(runScores);
    runImageIds = List.copyOf(runImageIds);
  }

  public static EpisodeState quiet() {
    return new EpisodeState(false, 0, null, List.of(), List.of());
  }

  int run() {
    return runScores.size();
  }

  EpisodeState extendRun(Observation o) {
    List<Double> scores = new ArrayList<>(runScores);
    List<String> ids = new ArrayList<>(runImageIds);
    scores.add(o.score());
    ids.add(o.imageId());
    return new EpisodeState(firing, firedAt, episodeId, scores, ids);
  }

  EpisodeState resetRun() {
    return new EpisodeState(firing, firedAt, episodeId, List.of(), List.of());
  }
}
