package dev.iqmon.image;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link ImageFetcher} may read: {@code file:} URIs under {@code fileRoots} only (none when
 * the list is empty), {@code http(s):} URIs on {@code allowedHosts} only (none when empty), and no
 * more than {@code maxBytes}.
 *
 * @param fileRoots directories that {@code file:} URIs must resolve into, symbolic links followed
 * @param allowedHosts host names (exact, case-insensitive) that may be fetched over HTTP(S)
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for each read while the response arrives
 * @param maxBytes most bytes one image may have
 * @param maxRedirects redirects followed, each to an allowed host
 */
public record FetchPolicy(
    List<Path> fileRoots,
    Set<String> allowedHosts,
    Duration connectTimeout,
    Duration readTimeout,
    long maxBytes,
    int maxRedirects) {

  public FetchPolicy {
    fileRoots = List.copyOf(fileRoots);
    allowedHosts =
        allowedHosts.stream()
            .map(host -> host.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (maxBytes <= 0 || maxRedirects < 0) {
      throw new IllegalArgumentException("maxBytes must be > 0 and maxRedirects >= 0");
    }
  }

  /** Nothing by reference (no file roots, no hosts), 5 s timeouts, 32 MiB, 3 redirects. */
  public static FetchPolicy nothing() {
    return new FetchPolicy(
        List.of(), Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), 32L << 20, 3);
  }

  /** This policy with HTTP(S) allowed to the given hosts. */
  public FetchPolicy withAllowedHosts(Set<String> hosts) {
    return new FetchPolicy(fileRoots, hosts, connectTimeout, readTimeout, maxBytes, maxRedirects);
  }

  /** This policy with {@code file:} confined to the given directories. */
  public FetchPolicy withFileRoots(List<Path> roots) {
    return new FetchPolicy(
        roots, allowedHosts, connectTimeout, readTimeout, maxBytes, maxRedirects);
  }

  boolean allowsHost(String host) {
    return host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }
}
