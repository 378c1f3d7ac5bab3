package dev.iqmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.stream.FeedQueries;
import dev.iqmon.stream.FeedStateUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances on real HTTP servers, each holding the feeds' partitions the test gives it. */
class FeedQueryHandlerTest {

  /** Holds the partitions of the feeds it is told; knows the other instances it is told. */
  private static final class FakeQueries implements FeedQueries {
    final Map<String, List<Integer>> partitions = new HashMap<>();
    final List<String> others = new ArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();
    final String name;
    volatile RuntimeException storesClosed;

    FakeQueries(String name) {
      this.name = name;
    }

    @Override
    public List<String> otherInstances(String self) {
      return others;
    }

    @Override
    public List<Integer> partitionsOf(String feed) {
      lookups.incrementAndGet();
      if (storesClosed != null) {
        throw storesClosed;
      }
      return partitions.getOrDefault(feed, List.of());
    }

    @Override
    public TrendsView trends(String feed, int partition) {
      return new TrendsView(
          feed,
          "2026-01-01T00:00:0" + partition + "Z",
          List.of(new BaselineView("whole", 80, 3, "2026-01-01T00:00:00Z")),
          List.of());
    }

    @Override
    public List<AlertView> alerts(String feed, int partition) {
      return List.of(
          new AlertView(
              feed + "/whole/low-score",
              "e" + partition,
              "whole",
              "low-score",
              null,
              "WARNING",
              "2026-01-01T00:00:00Z",
              "from " + name + " partition " + partition,
              30,
              40,
              null,
              List.of("img-1")));
    }
  }

  private final FakeQueries queriesA = new FakeQueries("a");
  private final FakeQueries queriesB = new FakeQueries("b");
  private final MetricsServer a = server(queriesA);
  private final MetricsServer b = server(queriesB);
  private final HttpClient client = HttpClient.newHttpClient();

  FeedQueryHandlerTest() {
    queriesA.others.add(self(b));
    queriesB.others.add(self(a));
  }

  private static MetricsServer server(FakeQueries queries) {
    try {
      MetricsServer server = new MetricsServer(0, () -> "", () -> true);
      server.handle(FeedQueryHandler.PATH, new FeedQueryHandler(queries, self(server)));
      return server;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String self(MetricsServer server) {
    return "127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://" + self(server) + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String servedBy(HttpResponse<String> response) {
    return response.headers().firstValue(FeedQueryHandler.SERVED_BY).orElse("");
  }

  @Test
  void shouldAnswerFromTheLocalPartitionThatHoldsTheFeed() throws Exception {
    queriesA.partitions.put("cam-1", List.of(2));

    HttpResponse<String> response = get(a, "/feeds/cam-1/trends");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"streamTime\":\"2026-01-01T00:00:02Z\"");
    assertThat(servedBy(response)).isEqualTo(self(a));
  }

  @Test
  void shouldFindTheFeedOnAnotherInstance() throws Exception {
    queriesB.partitions.put("cam 2", List.of(0));

    HttpResponse<String> response = get(a, "/feeds/cam%202/alerts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"feedId\":\"cam 2\"").contains("from b partition 0");
    assertThat(servedBy(response)).isEqualTo(self(b));
  }

  @Test
  void shouldMergeAFeedWhoseRecordsLandedOnPartitionsOfTwoInstances() throws Exception {
    queriesA.partitions.put("cam-1", List.of(1));
    queriesB.partitions.put("cam-1", List.of(3));

    HttpResponse<String> alerts = get(b, "/feeds/cam-1/alerts");
    HttpResponse<String> trends = get(b, "/feeds/cam-1/trends");

    assertThat(alerts.body()).contains("from b partition 3").contains("from a partition 1");
    assertThat(servedBy(alerts)).isEqualTo(self(b) + "," + self(a));
    assertThat(trends.body())
        .as("the later stream time, both baselines")
        .contains("\"streamTime\":\"2026-01-01T00:00:03Z\"")
        .containsPattern("(\"label\":\"whole\".*){2}");
  }

  @Test
  void shouldAskEveryOtherInstanceOnceAndNeverForwardAgain() throws Exception {
    HttpResponse<String> response = get(a, "/feeds/cam-1/trends");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(queriesA.lookups).hasValue(1);
    assertThat(queriesB.lookups).hasValue(1);
  }

  @Test
  void shouldAnswerEmptyForAFeedNoInstanceHasSeen() throws Exception {
    HttpResponse<String> response = get(a, "/feeds/cam-9/alerts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"feedId\":\"cam-9\",\"firing\":[]}");
    assertThat(servedBy(response)).isEqualTo(self(a));
  }

  @Test
  void shouldAskToRetryWhileTheFeedsStateCannotBeRead() throws Exception {
    queriesA.storesClosed =
        new FeedStateUnavailableException("cam-1", new IllegalStateException("rebalancing"));

    HttpResponse<String> response = get(a, "/feeds/cam-1/trends");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(response.body())
        .contains("the state of feed 'cam-1' is not readable here right now: rebalancing; retry");
  }

  @Test
  void shouldAskToRetryWhileAnotherInstanceCannotReadItsState() throws Exception {
    queriesA.partitions.put("cam-1", List.of(0));
    queriesB.storesClosed =
        new FeedStateUnavailableException("cam-1", new IllegalStateException("restoring"));

    HttpResponse<String> response = get(a, "/feeds/cam-1/alerts");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(response.body()).contains(self(b)).contains("restoring");
  }

  @Test
  void shouldSayWhenAnotherInstanceDoesNotAnswer() throws Exception {
    queriesA.partitions.put("cam-1", List.of(0));
    b.close();

    HttpResponse<String> response = get(a, "/feeds/cam-1/alerts");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains(self(b));
  }

  @Test
  void shouldRefuseUnknownQueries() throws Exception {
    assertThat(get(a, "/feeds/cam-1/everything").statusCode()).isEqualTo(404);
    assertThat(get(a, "/feeds/cam-1").statusCode()).isEqualTo(404);
  }
}
