package dev.iqmon.config;

/**
 * The HTTP port serving {@code /metrics} (Prometheus), {@code /health} and the query endpoints
 * under {@code /feeds/}; 0 turns it off. {@code bindAddress} is the interface it listens on
 * (loopback unless set; {@code 0.0.0.0} for all). {@code advertisedHost} is how other instances of
 * the service reach this one, to forward a query to the instance that holds the feed.
 */
public record MetricsConfig(int port, String bindAddress, String advertisedHost) {

  public MetricsConfig {
    if (port < 0 || port > 65535) {
      throw new ConfigException("metrics.port must be 0..65535, got " + port);
    }
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress.trim();
    advertisedHost =
        advertisedHost == null || advertisedHost.isBlank() ? "localhost" : advertisedHost;
  }
}
