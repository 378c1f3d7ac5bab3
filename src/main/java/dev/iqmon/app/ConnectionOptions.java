package dev.iqmon.app;

import dev.iqmon.config.ConfigLoader;
import picocli.CommandLine.Option;

/** Where the broker and the registry are: from a config file, overridden by flags. */
final class ConnectionOptions extends ConfigOptions {

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Kafka bootstrap servers (required here or in the config).")
  String bootstrapServers;

  @Option(
      names = {"-r", "--registry"},
      description = "Schema registry URL (default from the config: http://localhost:8081).")
  String registry;

  @Override
  void flags(ConfigLoader loader) {
    if (bootstrapServers != null) {
      loader.set("kafka.bootstrap-servers=" + bootstrapServers);
    }
    if (registry != null) {
      loader.set("registry.url=" + registry);
    }
  }
}
