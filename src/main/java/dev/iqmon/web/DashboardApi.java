package dev.iqmon.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.iqmon.avro.FeedThumbnail;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's JSON API over the {@link FleetStore}: {@code GET /api/fleet}, {@code GET
 * /api/alerts}, {@code GET /api/feeds/{feed}} and {@code GET /api/feeds/{feed}/thumbnail.jpg}.
 */
public final class DashboardApi implements HttpHandler {

  public static final String PATH = "/api/";
  private static final String FEEDS = "feeds/";
  private static final String THUMBNAIL = "/thumbnail.jpg";
  private static final Logger LOG = LoggerFactory.getLogger(DashboardApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FleetStore store;

  public DashboardApi(FleetStore store) {
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!exchange.getRequestMethod().equals("GET")) {
        error(exchange, 405, "only GET");
        return;
      }
      route(exchange, exchange.getRequestURI().getRawPath().substring(PATH.length()));
    } catch (RuntimeException e) {
      LOG.warn("Dashboard request {} failed", exchange.getRequestURI(), e);
      error(exchange, 500, "the request failed: " + e);
    }
  }

  private void route(HttpExchange exchange, String path) throws IOException {
    if (path.equals("fleet")) {
      json(exchange, 200, store.fleet());
    } else if (path.equals("alerts")) {
      json(exchange, 200, store.alerts());
    } else if (path.startsWith(FEEDS) && path.endsWith(THUMBNAIL)) {
      thumbnail(
          exchange, decode(path.substring(FEEDS.length(), path.length() - THUMBNAIL.length())));
    } else if (path.startsWith(FEEDS) && path.indexOf('/', FEEDS.length()) < 0) {
      String feed = decode(path.substring(FEEDS.length()));
      Optional<FleetViews.Feed> view = store.feed(feed);
      if (view.isPresent()) {
        json(exchange, 200, view.get());
      } else {
        error(exchange, 404, "no feed '" + feed + "' in the dashboard");
      }
    } else {
      error(exchange, 404, "ask for /api/fleet, /api/alerts or /api/feeds/{feed}");
    }
  }

  private void thumbnail(HttpExchange exchange, String feed) throws IOException {
    Optional<FeedThumbnail> thumb = store.thumbnail(feed);
    if (thumb.isEmpty()) {
      error(exchange, 404, "no thumbnail of feed '" + feed + "' yet");
      return;
    }
    ByteBuffer jpeg = thumb.get().getJpeg().duplicate();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    // The page asks with ?v=<image id>, so a thumbnail may be cached: a new image is a new URL.
    exchange.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
    respond(exchange, 200, "image/jpeg", bytes);
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }

  static void json(HttpExchange exchange, int status, Object body) throws IOException {
    respond(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
  }

  static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, Map.of("error", message));
  }

  static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
