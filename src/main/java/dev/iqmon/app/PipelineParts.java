package dev.iqmon.app;

import dev.iqmon.config.ImagesConfig;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.config.ModelConfig;
import dev.iqmon.image.DecodeLimits;
import dev.iqmon.image.FetchPolicy;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageFetcher;
import dev.iqmon.inference.ModelSource;
import dev.iqmon.inference.OnnxSessions;
import dev.iqmon.metrics.Batcher;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.quality.BatchedQualityModel;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.classical.ClassicalModel;
import dev.iqmon.quality.learned.LearnedModel;
import dev.iqmon.quality.learned.OnnxQualityNetworks;
import dev.iqmon.quality.learned.QualityNetworks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline's collaborators from the config; shared by the service and the offline
 * commands.
 */
final class PipelineParts {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineParts.class);
  private static final int MAX_REDIRECTS = 3;

  private PipelineParts() {}

  static QualityModel model(ModelConfig config) {
    if (!config.learned()) {
      return new ClassicalModel();
    }
    return learned(config, networks(config), config.explain());
  }

  /** The learned model's two networks, opened on the configured device. */
  static OnnxQualityNetworks networks(ModelConfig config) {
    OnnxSessions sessions = new OnnxSessions(config.device(), config.intraOpThreads());
    ModelSource encoder = modelFile("model.encoder", config.encoder(), "iqmon-encoder.onnx");
    ModelSource head = modelFile("model.roi-head", config.roiHead(), "iqmon-roi-head.onnx");
    return OnnxQualityNetworks.open(sessions, encoder, head);
  }

  /** The learned model over the networks (it closes them); warns when they are untrained. */
  static LearnedModel learned(ModelConfig config, QualityNetworks networks, boolean explain) {
    LearnedModel model =
        new LearnedModel(
            networks, config.degradedRegions().settings(), explain, config.maxPixels());
    if (!model.contract().trained()) {
      LOG.warn(
          "The learned model's weights are not trained (iqmon.weights: {}): its scores carry no"
              + " signal until trained weights replace them (model.kind: classical scores without"
              + " them).",
          model.contract().weights());
    }
    return model;
  }

  /**
   * With several stream threads, the model behind a {@link BatchedQualityModel} that combines the
   * threads' calls; with one, the model itself.
   */
  static QualityModel acrossThreads(IqmonConfig config, QualityModel model, IqmonMetrics metrics) {
    int batchSize = config.model().serviceBatchSize();
    if (config.kafka().streamThreads() == 1 || batchSize == 1) {
      return model;
    }
    return new BatchedQualityModel(
        model,
        batchSize,
        config.model().crossThreadWait(),
        images -> metrics.batch(Batcher.THREADS, images, batchSize));
  }

  /** The configured file, else {@code models/NAME} here, else the copy bundled in the jar. */
  private static ModelSource modelFile(String key, String configured, String name) {
    return ModelSource.locate(key, configured, Path.of("models", name), "/models/" + name);
  }

  static ImageDecoder decoder(ImagesConfig images) {
    int side = (int) Math.min(Integer.MAX_VALUE, images.maxPixels());
    ImageDecoder decoder =
        new ImageDecoder(
            new DecodeLimits(
                images.maxBytes(),
                images.maxPixels(),
                side,
                side,
                images.maxDecodeBytes(),
                images.decodeMemory()),
            images.jpegDecoder() == ImagesConfig.JpegDecoder.AUTO);
    LOG.info("JPEGs are decoded with {}", decoder.jpegDecoder());
    return decoder;
  }

  static ImageFetcher fetcher(ImagesConfig images) {
    Duration timeout = images.fetch().timeout();
    List<Path> roots = images.fetch().fileRoots().stream().map(Path::of).toList();
    return new ImageFetcher(
        new FetchPolicy(
            roots,
            new HashSet<>(images.fetch().allowedHosts()),
            timeout,
            timeout,
            images.maxBytes(),
            MAX_REDIRECTS));
  }
}
