package dev.iqmon.app;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the broker and the registry are: from a config file, overridden by flags. */
final class ConnectionOptions {

  @Option(names = "--config", description = "Config file laid over the built-in defaults.")
  Path config;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Kafka bootstrap servers (required here or in the config).")
  String bootstrapServers;

  @Option(
      names = {"-r", "--registry"},
      description = "Schema registry URL (default from the config: http://localhost:8081).")
  String registry;

  @Option(
      names = "--set",
      description = "Override one setting, e.g. --set topics.images=cams. Repeatable.")
  List<String> overrides = new ArrayList<>();

  IqmonConfig load() {
    ConfigLoader loader = new ConfigLoader();
    if (config != null) {
      loader.file(config);
    }
    if (bootstrapServers != null) {
      loader.set("kafka.bootstrap-servers=" + bootstrapServers);
    }
    if (registry != null) {
      loader.set("registry.url=" + registry);
    }
    overrides.forEach(loader::set);
    return loader.load();
  }
}
