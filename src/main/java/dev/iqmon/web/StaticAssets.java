package dev.iqmon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's page and assets, all from the jar: {@code /} is {@code dashboard/index.html},
 * {@code /assets/*} the rest of {@code dashboard/}, {@code /webjars/*} the charting library's
 * WebJar. Nothing is fetched from elsewhere; the page's Content-Security-Policy says so to the
 * browser too.
 */
public final class StaticAssets implements HttpHandler {

  public static final String PATH = "/";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
  private static final String CSP =
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline';"
          + " connect-src 'self'; frame-ancestors 'none'";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png",
          "svg", "image/svg+xml");

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      DashboardApi.error(exchange, 405, "only GET");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String resource = resource(path);
    byte[] body = resource == null ? null : load(resource);
    if (body == null) {
      DashboardApi.error(exchange, 404, "nothing at " + path);
      return;
    }
    String ext = resource.substring(resource.lastIndexOf('.') + 1);
    exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange
        .getResponseHeaders()
        .set("Cache-Control", ext.equals("html") ? "no-cache" : "max-age=600");
    DashboardApi.respond(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), body);
  }

  /** The class-path resource for a request path, or null when there is none to serve. */
  static String resource(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return "dashboard/index.html";
    }
    if (path.contains("/./") || path.contains("/../") || path.endsWith("/..")) {
      return null;
    }
    if (path.startsWith("/assets/") && SAFE.matcher(path.substring(8)).matches()) {
      return "dashboard/" + path.substring(8);
    }
    if (path.startsWith("/webjars/") && SAFE.matcher(path.substring(9)).matches()) {
      return "META-INF/resources/webjars/" + path.substring(9);
    }
    return null;
  }

  private byte[] load(String resource) throws IOException {
    byte[] cached = cache.get(resource);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      cache.put(resource, bytes);
      return bytes;
    }
  }
}
