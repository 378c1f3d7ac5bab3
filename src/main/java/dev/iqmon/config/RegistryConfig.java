package dev.iqmon.config;

/** The Confluent-compatible schema registry; username and password, when set, go as basic auth. */
public record RegistryConfig(String url, String username, String password, boolean autoRegister) {

  public RegistryConfig {
    Validate.notBlank(url, "registry.url");
    if ((username == null) != (password == null)) {
      throw new ConfigException(
          "registry.username and registry.password go together: set both or neither");
    }
  }
}
