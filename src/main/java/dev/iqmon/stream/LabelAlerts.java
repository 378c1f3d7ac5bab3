package dev.iqmon.stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.iqmon.alerts.EpisodeState;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert episodes of one feed and ROI label, by rule (and distortion type): the value of the
 * alert-state store. Only episodes with something to remember are kept, and it knows whether it
 * changed since it was read, so that unchanged state is not written again.
 */
final class LabelAlerts {

  private final Map<String, EpisodeState> episodes;
  private boolean changed;

  @JsonCreator
  LabelAlerts(@JsonProperty("episodes") Map<String, EpisodeState> episodes) {
    this.episodes = new TreeMap<>(episodes == null ? Map.of() : episodes);
  }

  static LabelAlerts none() {
    return new LabelAlerts(Map.of());
  }

  @JsonProperty("episodes")
  Map<String, EpisodeState> episodes() {
    return episodes;
  }

  EpisodeState get(String ruleKey) {
    return episodes.getOrDefault(ruleKey, EpisodeState.quiet());
  }

  /** Sets an episode's state; idle ones are dropped. */
  void put(String ruleKey, EpisodeState state) {
    if (get(ruleKey).equals(state)) {
      return;
    }
    changed = true;
    if (state.idle()) {
      episodes.remove(ruleKey);
    } else {
      episodes.put(ruleKey, state);
    }
  }

  boolean changed() {
    return changed;
  }

  boolean empty() {
    return episodes.isEmpty();
  }
}
