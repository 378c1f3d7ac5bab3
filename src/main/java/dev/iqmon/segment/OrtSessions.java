package dev.iqmon.segment;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions on the configured device: {@code cpu}; {@code cuda} (fails when CUDA
 * cannot be used); or {@code auto}, which tries CUDA only where an NVIDIA driver is present and
 * falls back to the CPU when adding the provider or creating the session on it fails (with CUDA
 * libraries but no GPU, adding the provider succeeds and creating the session fails).
 */
final class OrtSessions {

  private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);
  private static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");

  private OrtSessions() {}

  /** A session and the provider it runs on ({@code cpu} or {@code cuda}). */
  record Opened(OrtSession session, String provider) {}

  static Opened open(OrtEnvironment env, Path model, String device) throws OrtException {
    String wanted = device.toLowerCase(Locale.ROOT);
    switch (wanted) {
      case "cpu":
        return cpu(env, model);
      case "cuda":
        return cuda(env, model);
      case "auto":
        if (!Files.exists(NVIDIA_DRIVER)) {
          return cpu(env, model);
        }
        try {
          return cuda(env, model);
        } catch (OrtException e) {
          LOG.warn("CUDA unavailable for {} ({}); using the CPU", model, e.getMessage());
          return cpu(env, model);
        }
      default:
        throw new IllegalArgumentException("device must be auto, cpu or cuda, got " + device);
    }
  }

  /**
   * Runtime threads sleep between runs instead of spinning: between two model calls iqmon prepares
   * images and masks on the same cores, and spinning threads would take them.
   */
  private static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
  }

  private static Opened cpu(OrtEnvironment env, Path model) throws OrtException {
    try (OrtSession.SessionOptions options = options()) {
      return new Opened(env.createSession(model.toString(), options), "cpu");
    }
  }

  private static Opened cuda(OrtEnvironment env, Path model) throws OrtException {
    try (OrtSession.SessionOptions options = options()) {
      options.addCUDA(0);
      return new Opened(env.createSession(model.toString(), options), "cuda");
    }
  }
}
