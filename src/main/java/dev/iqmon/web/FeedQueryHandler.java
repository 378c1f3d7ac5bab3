package dev.iqmon.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.iqmon.stream.FeedQueries;
import dev.iqmon.stream.FeedStateUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /feeds/{feed}/trends} and {@code GET /feeds/{feed}/alerts}, as JSON. The instance
 * asked answers from the partitions where its stores hold the feed, and asks every other instance
 * for theirs (a request so forwarded is answered from the local stores only, never forwarded
 * again), then merges what they hold: a feed's state is wherever its records landed, which is not
 * where Kafka's Java client would put its id when its producers hash keys another way. The answer
 * names the instances that held the feed in {@value #SERVED_BY} (this one when none did).
 */
public final class FeedQueryHandler implements HttpHandler {

  public static final String PATH = "/feeds/";
  public static final String SERVED_BY = "X-Iqmon-Served-By";
  static final String FORWARDED_BY = "X-Iqmon-Forwarded-By";
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(FeedQueryHandler.class);

  private final FeedQueries queries;
  private final String self;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  /** {@code self} is this instance's {@code host:port}, as the other instances know it. */
  public FeedQueryHandler(FeedQueries queries, String self) {
    this.queries = queries;
    this.self = self;
    this.client = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();
  }

  /** Another instance could not answer; {@code status} is what this one answers. */
  private static final class PeerFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    PeerFailure(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (FeedStateUnavailableException e) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      error(exchange, 503, e.getMessage() + "; retry");
    } catch (PeerFailure e) {
      if (e.status == 503) {
        exchange.getResponseHeaders().set("Retry-After", "1");
      }
      error(exchange, e.status, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Query {} failed", exchange.getRequestURI(), e);
      error(exchange, 500, "the query failed: " + e);
    }
  }

  private void route(HttpExchange exchange) throws IOException, PeerFailure {
    if (!exchange.getRequestMethod().equals("GET")) {
      error(exchange, 405, "only GET");
      return;
    }
    String[] parts = exchange.getRequestURI().getRawPath().substring(PATH.length()).split("/");
    if (parts.length != 2 || parts[0].isEmpty() || !isQuery(parts[1])) {
      error(exchange, 404, "ask for /feeds/{feed}/trends or /feeds/{feed}/alerts");
      return;
    }
    String feed = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
    FeedAnswer answer = FeedAnswer.local(queries, feed, parts[1], self);
    if (!exchange.getRequestHeaders().containsKey(FORWARDED_BY)) {
      for (String other : queries.otherInstances(self)) {
        answer = answer.merge(ask(other, exchange.getRequestURI().getRawPath(), parts[1]));
      }
    }
    respond(exchange, answer);
  }

  private static boolean isQuery(String name) {
    return name.equals("trends") || name.equals("alerts");
  }

  private void respond(HttpExchange exchange, FeedAnswer answer) throws IOException {
    if (!answer.servedBy().isEmpty()) {
      exchange.getResponseHeaders().set(SERVED_BY, String.join(",", answer.servedBy()));
    } else if (!exchange.getRequestHeaders().containsKey(FORWARDED_BY)) {
      exchange.getResponseHeaders().set(SERVED_BY, self);
    }
    MetricsServer.respond(
        exchange, 200, "application/json", json.writeValueAsString(answer.body()));
  }

  /** What {@code host} holds of the feed, asked once, answered from its own stores. */
  private FeedAnswer ask(String host, String path, String query) throws PeerFailure {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host + path))
            .header(FORWARDED_BY, self)
            .timeout(FORWARD_TIMEOUT)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PeerFailure(502, "the instance " + host + " did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerFailure(503, "interrupted while asking " + host);
    }
    if (response.statusCode() != 200) {
      throw new PeerFailure(
          response.statusCode() == 503 ? 503 : 502,
          "the instance " + host + " answered " + response.statusCode() + ": " + response.body());
    }
    List<String> servedBy =
        response
            .headers()
            .firstValue(SERVED_BY)
            .map(v -> Arrays.asList(v.split(",")))
            .orElse(List.of());
    try {
      return FeedAnswer.parse(query, servedBy, response.body(), json);
    } catch (IOException e) {
      throw new PeerFailure(502, "the instance " + host + " answered what is not an answer: " + e);
    }
  }

  private void error(HttpExchange exchange, int status, String message) throws IOException {
    MetricsServer.respond(
        exchange, status, "application/json", json.writeValueAsString(Map.of("error", message)));
  }
}
