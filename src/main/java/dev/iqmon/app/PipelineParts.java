package dev.iqmon.app;

import dev.iqmon.config.Durations;
import dev.iqmon.config.ImagesConfig;
import dev.iqmon.config.ModelConfig;
import dev.iqmon.image.DecodeLimits;
import dev.iqmon.image.FetchPolicy;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageFetcher;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.classical.ClassicalModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * Builds the pipeline's collaborators from the config; shared by the service and the offline
 * commands.
 */
final class PipelineParts {

  private static final int MAX_REDIRECTS = 3;

  private PipelineParts() {}

  static QualityModel model(ModelConfig config) {
    return new ClassicalModel();
  }

  static ImageDecoder decoder(ImagesConfig images) {
    int side = (int) Math.min(Integer.MAX_VALUE, images.maxPixels());
    return new ImageDecoder(new DecodeLimits(images.maxBytes(), images.maxPixels(), side, side));
  }

  static ImageFetcher fetcher(ImagesConfig images) {
    Duration timeout = Durations.parse(images.fetch().timeout());
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
