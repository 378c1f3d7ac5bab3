package dev.iqmon.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: server-sent events to every open page. Changes are gathered and sent
 * every {@value #FLUSH_MILLIS} ms, alert changes at once: an {@code alert} event per alert change,
 * then one {@code tiles} event with the tiles of the feeds that changed. The handler returns at
 * once and the stream stays open, so a page holds no HTTP thread; a comment every 15 s keeps
 * proxies from closing it.
 */
public final class LiveUpdates implements HttpHandler, FleetListener, AutoCloseable {

  public static final String PATH = "/api/events";
  static final long FLUSH_MILLIS = 200;
  private static final long HEARTBEAT_MILLIS = Duration.ofSeconds(15).toMillis();
  private static final int MAX_CLIENTS = 64;
  private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);

  private final FleetStore store;
  private final ObjectMapper json = new ObjectMapper();
  private final List<HttpExchange> clients = new CopyOnWriteArrayList<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private final List<FleetViews.Alert> alerts = new ArrayList<>();
  private final ScheduledExecutorService flusher;
  private long lastWrite = System.currentTimeMillis();

  public LiveUpdates(FleetStore store) {
    this.store = store;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "iqmon-dashboard-live");
              t.setDaemon(true);
              return t;
            });
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    store.listen(this);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      DashboardApi.error(exchange, 405, "only GET");
      return;
    }
    if (clients.size() >= MAX_CLIENTS) {
      DashboardApi.error(exchange, 503, "too many open dashboards (" + MAX_CLIENTS + ")");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    out.write("retry: 1000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    clients.add(exchange);
  }

  /** Open pages. */
  public int clients() {
    return clients.size();
  }

  @Override
  public void feedChanged(String feed) {
    synchronized (changed) {
      changed.add(feed);
    }
  }

  @Override
  public void alertChanged(FleetViews.Alert alert) {
    synchronized (changed) {
      alerts.add(alert);
    }
    // Alerts go out at once, with the tile of their feed (changed just before).
    try {
      flusher.execute(this::flush);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closing.
    }
  }

  private void flush() {
    List<String> feeds;
    List<FleetViews.Alert> newAlerts;
    synchronized (changed) {
      feeds = new ArrayList<>(changed);
      newAlerts = new ArrayList<>(alerts);
      changed.clear();
      alerts.clear();
    }
    try {
      StringBuilder events = new StringBuilder();
      for (FleetViews.Alert a : newAlerts) {
        events.append(event("alert", a));
      }
      List<FleetViews.Tile> tiles =
          feeds.stream().map(store::tile).flatMap(Optional::stream).toList();
      if (!tiles.isEmpty()) {
        events.append(event("tiles", tiles));
      }
      long now = System.currentTimeMillis();
      if (events.isEmpty() && now - lastWrite >= HEARTBEAT_MILLIS) {
        events.append(": still here\n\n");
      }
      if (!events.isEmpty()) {
        lastWrite = now;
        send(events.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (RuntimeException | JsonProcessingException e) {
      LOG.warn("Live dashboard update failed", e);
    }
  }

  private String event(String name, Object data) throws JsonProcessingException {
    return "event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n";
  }

  private void send(byte[] bytes) {
    for (HttpExchange client : clients) {
      try {
        OutputStream out = client.getResponseBody();
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        clients.remove(client);
        client.close();
      }
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    clients.forEach(HttpExchange::close);
    clients.clear();
  }
}
