package dev.iqmon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A small HTTP endpoint on one address: {@code /metrics} in the Prometheus text format and {@code
 * /health} (200 while the service is running, 503 otherwise), both answering GET and HEAD only (405
 * otherwise). Other handlers can be added under their own paths (the feed queries are).
 */
public final class MetricsServer implements AutoCloseable {

  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService executor;

  /** On the loopback interface only. */
  public MetricsServer(int port, Supplier<String> scrape, BooleanSupplier healthy)
      throws IOException {
    this(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), scrape, healthy);
  }

  /** On the given address; a wildcard address listens on every interface. */
  public MetricsServer(InetSocketAddress address, Supplier<String> scrape, BooleanSupplier healthy)
      throws IOException {
    server = HttpServer.create(address, 0);
    // Several threads: a query may wait on another instance while a scrape comes in.
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "iqmon-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        readOnly(
            exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get())));
    server.createContext(
        "/health",
        readOnly(
            exchange -> {
              boolean up = healthy.getAsBoolean();
              respond(
                  exchange,
                  up ? 200 : 503,
                  "application/json",
                  up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
            }));
    server.start();
  }

  /** The handler for GET and HEAD; any other method is answered 405 with {@code Allow}. */
  public static HttpHandler readOnly(HttpHandler handler) {
    return exchange -> {
      String method = exchange.getRequestMethod();
      if (method.equals("GET") || method.equals("HEAD")) {
        handler.handle(exchange);
      } else {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", method + " is not allowed here\n");
      }
    };
  }

  public void handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
