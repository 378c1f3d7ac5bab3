package dev.iqmon.image;

import dev.iqmon.image.ImageFetchException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Locale;

/**
 * HTTP(S) for {@link ImageFetcher}: allowed hosts only, redirects followed by hand so that each hop
 * is checked against the allow-list, connect and per-read timeouts, the size capped while reading.
 */
final class HttpImageSource {

  private static final String ACCEPT = "image/jpeg, image/png, image/webp";

  private final FetchPolicy policy;

  HttpImageSource(FetchPolicy policy) {
    this.policy = policy;
  }

  byte[] fetch(URI uri) {
    URI current = uri;
    for (int hops = 0; ; hops++) {
      checkAllowed(current);
      HttpURLConnection connection = open(current);
      try {
        int status = connection.getResponseCode();
        if (status >= 300 && status < 400 && connection.getHeaderField("Location") != null) {
          connection.disconnect();
          if (hops == policy.maxRedirects()) {
            throw new ImageFetchException(Reason.IO, "more than " + hops + " redirects: " + uri);
          }
          current = current.resolve(connection.getHeaderField("Location"));
          continue;
        }
        return body(connection, status, current);
      } catch (SocketTimeoutException e) {
        connection.disconnect();
        throw new ImageFetchException(Reason.IO, "timed out fetching " + current, e);
      } catch (IOException | IllegalArgumentException e) {
        connection.disconnect();
        throw new ImageFetchException(Reason.IO, "cannot fetch " + current + ": " + e, e);
      }
    }
  }

  private void checkAllowed(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ImageFetchException(Reason.NOT_ALLOWED, "redirected to a non-HTTP URI: " + uri);
    }
    if (!policy.allowsHost(uri.getHost())) {
      throw new ImageFetchException(
          Reason.NOT_ALLOWED, "host '" + uri.getHost() + "' is not on the allow-list: " + uri);
    }
  }

  private HttpURLConnection open(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout(Math.toIntExact(policy.connectTimeout().toMillis()));
      connection.setReadTimeout(Math.toIntExact(policy.readTimeout().toMillis()));
      connection.setRequestProperty("Accept", ACCEPT);
      return connection;
    } catch (IOException | IllegalArgumentException e) {
      throw new ImageFetchException(Reason.IO, "cannot open " + uri + ": " + e, e);
    }
  }

  private byte[] body(HttpURLConnection connection, int status, URI uri) throws IOException {
    if (status == HttpURLConnection.HTTP_NOT_FOUND || status == HttpURLConnection.HTTP_GONE) {
      connection.disconnect();
      throw new ImageFetchException(Reason.NOT_FOUND, "HTTP " + status + " for " + uri);
    }
    if (status < 200 || status >= 300) {
      connection.disconnect();
      throw new ImageFetchException(Reason.IO, "HTTP " + status + " for " + uri);
    }
    if (connection.getContentLengthLong() > policy.maxBytes()) {
      connection.disconnect();
      throw new ImageFetchException(
          Reason.TOO_LARGE,
          uri
              + " announces "
              + connection.getContentLengthLong()
              + " bytes, limit "
              + policy.maxBytes());
    }
    try (InputStream in = connection.getInputStream()) {
      return ImageFetcher.readCapped(in, policy.maxBytes(), uri);
    }
  }
}
