package dev.iqmon.config;

import dev.iqmon.inference.Device;
import java.time.Duration;
import java.util.Objects;

/**
 * The detectors behind detected regions: {@code objects} (NanoDet-g 416: people, vehicles and the
 * other COCO classes) and {@code faces} (BlazeFace), where they run, and how calls from the scoring
 * workers are batched. They are opened only when a feed asks for classes ({@code
 * feeds.<feed>.detect}).
 *
 * @param intraOpThreads ONNX Runtime's threads per detector call; 0: one per core
 * @param batchSize the most images one detector call looks at
 * @param batchWait how long a call waits for other workers' calls to join it
 */
public record DetectorsConfig(
    Device device,
    int intraOpThreads,
    int batchSize,
    Duration batchWait,
    DetectorFileConfig objects,
    DetectorFileConfig faces) {

  public DetectorsConfig {
    Validate.present(device, "detectors.device");
    if (intraOpThreads < 0) {
      throw new ConfigException(
          "detectors.intra-op-threads must be 0 or more, got " + intraOpThreads);
    }
    Validate.positive(batchSize, "detectors.batch-size");
    Validate.present(batchWait, "detectors.batch-wait");
    Objects.requireNonNull(objects, "detectors.objects");
    Objects.requireNonNull(faces, "detectors.faces");
  }
}
