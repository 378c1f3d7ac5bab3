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
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /feeds/{feed}/trends} and {@code GET /feeds/{feed}/alerts}, as JSON. The instance that
 * holds the feed answers from its stores; any other forwards the request there, once (a forwarded
 * request is never forwarded again, so instances that disagree during a rebalance answer 503 rather
 * than loop). The answer names the instance that served it in {@value #SERVED_BY}.
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

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (FeedStateUnavailableException e) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      error(exchange, 503, e.getMessage() + "; retry");
    } catch (RuntimeException e) {
      LOG.warn("Query {} failed", exchange.getRequestURI(), e);
      error(exchange, 500, "the query failed: " + e);
    }
  }

  private void route(HttpExchange exchange) throws IOException {
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
    Optional<FeedQueries.Owner> owner = queries.owner(feed);
    if (owner.isEmpty()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      error(exchange, 503, "no instance holds feed '" + feed + "' right now; retry");
    } else if (owner.get().host().equals(self)) {
      answer(exchange, feed, parts[1], owner.get().partition());
    } else if (exchange.getRequestHeaders().containsKey(FORWARDED_BY)) {
      error(exchange, 503, "the instances disagree on who holds '" + feed + "'; retry");
    } else {
      forward(exchange, owner.get().host());
    }
  }

  private static boolean isQuery(String name) {
    return name.equals("trends") || name.equals("alerts");
  }

  private void answer(HttpExchange exchange, String feed, String query, int partition)
      throws IOException {
    Object body =
        query.equals("trends")
            ? queries.trends(feed, partition)
            : Map.of("feedId", feed, "firing", queries.alerts(feed, partition));
    exchange.getResponseHeaders().set(SERVED_BY, self);
    MetricsServer.respond(exchange, 200, "application/json", json.writeValueAsString(body));
  }

  private void forward(HttpExchange exchange, String host) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host + exchange.getRequestURI().getRawPath()))
            .header(FORWARDED_BY, self)
            .timeout(FORWARD_TIMEOUT)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      error(exchange, 502, "the instance holding the feed (" + host + ") did not answer: " + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(exchange, 503, "interrupted while asking " + host);
      return;
    }
    response
        .headers()
        .firstValue(SERVED_BY)
        .ifPresent(v -> exchange.getResponseHeaders().set(SERVED_BY, v));
    String type = response.headers().firstValue("Content-Type").orElse("application/json");
    MetricsServer.respond(exchange, response.statusCode(), type, response.body());
  }

  private void error(HttpExchange exchange, int status, String message) throws IOException {
    MetricsServer.respond(
        exchange, status, "application/json", json.writeValueAsString(Map.of("error", message)));
  }
}
