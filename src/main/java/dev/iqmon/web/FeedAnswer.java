package dev.iqmon.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.stream.FeedQueries;
import dev.iqmon.stream.FeedQueries.AlertsView;
import dev.iqmon.stream.FeedQueries.TrendsView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the instances that hold a feed's state answered about it, merged: usually one partition on
 * one instance; two where the feed's producers partition it differently.
 */
sealed interface FeedAnswer {

  /** The instances whose stores held the feed, in the order they answered. */
  List<String> servedBy();

  /** This answer and {@code other}'s together. */
  FeedAnswer merge(FeedAnswer other);

  /** The JSON body of the answer. */
  Object body();

  /** The answer of this instance, from the partitions where it holds the feed. */
  static FeedAnswer local(FeedQueries queries, String feed, String query, String self) {
    List<Integer> partitions = queries.partitionsOf(feed);
    List<String> servedBy = partitions.isEmpty() ? List.of() : List.of(self);
    if (query.equals("trends")) {
      FeedAnswer answer = new Trends(List.of(), new TrendsView(feed, null, List.of(), List.of()));
      for (int partition : partitions) {
        answer = answer.merge(new Trends(servedBy, queries.trends(feed, partition)));
      }
      return answer;
    }
    List<FeedQueries.AlertView> firing = new ArrayList<>();
    partitions.forEach(partition -> firing.addAll(queries.alerts(feed, partition)));
    return new Alerts(servedBy, new AlertsView(feed, firing));
  }

  /** Another instance's answer, as it sent it. */
  static FeedAnswer parse(String query, List<String> servedBy, String body, ObjectMapper json)
      throws JsonProcessingException {
    return query.equals("trends")
        ? new Trends(servedBy, json.readValue(body, TrendsView.class))
        : new Alerts(servedBy, json.readValue(body, AlertsView.class));
  }

  /** The feed's open trend windows and baselines. */
  record Trends(List<String> servedBy, TrendsView view) implements FeedAnswer {
    @Override
    public FeedAnswer merge(FeedAnswer other) {
      TrendsView more = ((Trends) other).view();
      return new Trends(
          union(servedBy, other.servedBy()),
          new TrendsView(
              view.feedId(),
              later(view.streamTime(), more.streamTime()),
              concat(view.baselines(), more.baselines()),
              concat(view.windows(), more.windows())));
    }

    @Override
    public Object body() {
      return view;
    }
  }

  /** The feed's firing alerts. */
  record Alerts(List<String> servedBy, AlertsView view) implements FeedAnswer {
    @Override
    public FeedAnswer merge(FeedAnswer other) {
      return new Alerts(
          union(servedBy, other.servedBy()),
          new AlertsView(view.feedId(), concat(view.firing(), ((Alerts) other).view().firing())));
    }

    @Override
    public Object body() {
      return view;
    }
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  private static List<String> union(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).distinct().toList();
  }

  private static String later(String a, String b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return Instant.parse(a).isAfter(Instant.parse(b)) ? a : b;
  }
}
