package dev.iqmon.app;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.TempDirs;
import java.util.List;

/**
 * The settings of {@code iqmon perf}'s two sides, on its embedded broker and registry: the model,
 * one ONNX Runtime thread a call, image by image, the feed's regions, and the classes it detects
 * when {@code --detect} names some.
 */
record PerfSettings(String bootstrapServers, String registryUrl, String feed, List<String> detect) {

  PerfSettings {
    detect = List.copyOf(detect);
  }

  /** What both sides share, at {@code workers} scoring threads. */
  IqmonConfig config(String model, int regions, int workers) {
    return loader(model, regions, workers).load();
  }

  /**
   * The service's settings for its {@code run}-th pass: a new application id and state folder, so
   * that it reads {@code topic} from the start.
   */
  IqmonConfig serviceConfig(String model, int regions, int workers, String topic, int run) {
    return loader(model, regions, workers)
        .set("kafka.application-id=iqmon-perf-" + run)
        .set("kafka.state-dir=" + TempDirs.create("iqmon-perf-").toAbsolutePath())
        .set("topics.images=" + topic)
        .load();
  }

  private ConfigLoader loader(String model, int regions, int workers) {
    ConfigLoader loader = new ConfigLoader().text(PerfTables.feedRegions(feed, regions), "perf");
    if (!detect.isEmpty()) {
      String classes = String.join(", ", detect);
      loader.text(
          "feeds:\n  " + feed + ":\n    detect:\n      classes: [" + classes + "]\n",
          "perf --detect");
    }
    return loader
        .set("kafka.bootstrap-servers=" + bootstrapServers)
        .set("registry.url=" + registryUrl)
        .set("metrics.port=0")
        .set("topics.partitions=1")
        .set("model.kind=" + model)
        .set("model.intra-op-threads=1")
        // Image by image on both sides; the learned model's regions are exactly the ones given.
        .set("model.batch-size=1")
        .set("model.degraded-regions.max=0")
        .set("detectors.intra-op-threads=1")
        .set("detectors.batch-size=1")
        .set("workers.enabled=true")
        .set("workers.threads=" + workers);
  }
}
