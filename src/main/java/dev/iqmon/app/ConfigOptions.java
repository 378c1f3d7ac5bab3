package dev.iqmon.app;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The settings of a command that needs no broker or registry: a config file and overrides. */
class ConfigOptions {

  @Option(names = "--config", description = "Config file laid over the built-in defaults.")
  Path config;

  @Option(
      names = "--set",
      description = "Override one setting, e.g. --set model.device=cpu. Repeatable.")
  List<String> overrides = new ArrayList<>();

  /** The defaults, the config file laid over them, then the overrides. */
  IqmonConfig load() {
    return loader().load();
  }

  ConfigLoader loader() {
    ConfigLoader loader = new ConfigLoader();
    if (config != null) {
      loader.file(config);
    }
    flags(loader);
    overrides.forEach(loader::set);
    return loader;
  }

  /** Settings given by a subclass's own flags: over the config file, under {@code --set}. */
  void flags(ConfigLoader loader) {}
}
