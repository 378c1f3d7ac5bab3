package dev.iqmon.config;

/** The HTTP port serving {@code /metrics} (Prometheus) and {@code /health}; 0 turns it off. */
public record MetricsConfig(int port) {

  public MetricsConfig {
    if (port < 0 || port > 65535) {
      throw new ConfigException("metrics.port must be 0..65535, got " + port);
    }
  }
}
