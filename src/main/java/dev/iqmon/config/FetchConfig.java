package dev.iqmon.config;

import java.time.Duration;
import java.util.List;

/**
 * Claim-checked images: {@code file:} URIs (under {@code fileRoots} when any are given) and {@code
 * http(s):} URIs from {@code allowedHosts} only.
 */
public record FetchConfig(List<String> allowedHosts, List<String> fileRoots, Duration timeout) {

  public FetchConfig {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    fileRoots = fileRoots == null ? List.of() : List.copyOf(fileRoots);
    Validate.present(timeout, "images.fetch.timeout");
  }
}
