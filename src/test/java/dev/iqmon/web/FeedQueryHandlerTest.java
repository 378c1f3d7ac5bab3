package dev.iqmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.stream.FeedQueries;
import dev.iqmon.stream.FeedStateUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances on real HTTP servers, each with its own view of who holds which feed. */
class FeedQueryHandlerTest {

  /** Answers for the feeds it is told it holds; owners as set by the test. */
  private static final class FakeQueries implements FeedQueries {
    final Map<String, Owner> owners = new HashMap<>();
    final String name;
    volatile RuntimeException storesClosed;

    FakeQueries(String name) {
      this.name = name;
    }

    @Override
    public Optional<Owner> owner(String feed) {
      return Optional.ofNullable(owners.get(feed));
    }

    @Override
    public TrendsView trends(String feed, int partition) {
      if (storesClosed != null) {
        throw storesClosed;
      }
      return new TrendsView(
          feed, "answered by " + name + " for partition " + partition, List.of(), List.of());
    }

    @Override
    public List<AlertView> alerts(String feed, int partition) {
      return List.of(
          new AlertView(
              feed + "/whole/low-score",
              "e1",
              "whole",
              "low-score",
              null,
              "WARNING",
              "2026-01-01T00:00:00Z",
              "from " + name,
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

  private void everyoneAgrees(String feed, MetricsServer owner, int partition) {
    FeedQueries.Owner o = new FeedQueries.Owner(self(owner), partition);
    queriesA.owners.put(feed, o);
    queriesB.owners.put(feed, o);
  }

  @Test
  void shouldAnswerFromTheLocalStoresWhenThisInstanceHoldsTheFeed() throws Exception {
    everyoneAgrees("cam-1", a, 2);
    HttpResponse<String> response = get(a, "/feeds/cam-1/trends");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("answered by a for partition 2");
    assertThat(response.headers().firstValue(FeedQueryHandler.SERVED_BY)).contains(self(a));
  }

  @Test
  void shouldForwardToTheInstanceThatHoldsTheFeed() throws Exception {
    everyoneAgrees("cam 2", b, 0);
    HttpResponse<String> response = get(a, "/feeds/cam%202/alerts");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"feedId\":\"cam 2\"").contains("from b");
    assertThat(response.headers().firstValue(FeedQueryHandler.SERVED_BY)).contains(self(b));
  }

  @Test
  void shouldNotForwardTwiceWhenInstancesDisagree() throws Exception {
    queriesA.owners.put("cam-1", new FeedQueries.Owner(self(b), 0));
    queriesB.owners.put("cam-1", new FeedQueries.Owner(self(a), 0));
    HttpResponse<String> response = get(a, "/feeds/cam-1/trends");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("disagree");
  }

  @Test
  void shouldAskToRetryWhileNoInstanceHoldsTheFeed() throws Exception {
    HttpResponse<String> response = get(a, "/feeds/cam-1/alerts");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void shouldAskToRetryWhileTheFeedsStateCannotBeRead() throws Exception {
    everyoneAgrees("cam-1", a, 0);
    queriesA.storesClosed =
        new FeedStateUnavailableException("cam-1", new IllegalStateException("rebalancing"));

    HttpResponse<String> response = get(a, "/feeds/cam-1/trends");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(response.body())
        .contains("the state of feed 'cam-1' is not readable here right now: rebalancing; retry");
  }

  @Test
  void shouldSayWhenTheOwnerDoesNotAnswer() throws Exception {
    queriesA.owners.put("cam-1", new FeedQueries.Owner(self(b), 0));
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
