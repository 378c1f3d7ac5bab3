package dev.iqmon.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions on the process's one environment, on the device asked for (see {@link
 * ProviderChoice}), with a given number of intra-op threads (0: ONNX Runtime's default, one per
 * core). Callers open one session per model file and share it: sessions are thread-safe.
 */
public final class OnnxSessions {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);
  private static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");

  private final Device device;
  private final int intraOpThreads;
  private final BooleanSupplier driverPresent;

  public OnnxSessions(Device device, int intraOpThreads) {
    this(device, intraOpThreads, () -> Files.isRegularFile(NVIDIA_DRIVER));
  }

  OnnxSessions(Device device, int intraOpThreads, BooleanSupplier driverPresent) {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
    this.device = device;
    this.intraOpThreads = intraOpThreads;
    this.driverPresent = driverPresent;
  }

  /** The process's ONNX Runtime environment, created on first use. */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "iqmon");
  }

  /** Opens a session for the model; a missing or corrupt file is a {@link ModelLoadException}. */
  public LoadedSession open(ModelSource source) {
    OrtEnvironment env = environment();
    byte[] bundled = source.resource() == null ? null : source.resourceBytes();
    ProviderChoice.Chosen<OrtSession> chosen =
        ProviderChoice.choose(
            device,
            device == Device.AUTO && driverPresent.getAsBoolean(),
            source.name(),
            cuda -> create(env, source, bundled, cuda),
            LOG::warn);
    LOG.info("Loaded model {} on {}", source.name(), chosen.provider());
    return new LoadedSession(chosen.session(), chosen.provider(), source);
  }

  private OrtSession create(OrtEnvironment env, ModelSource source, byte[] bundled, boolean cuda)
      throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      // Idle intra-op threads sleep instead of spinning: the cores are shared with decoding,
      // the classical explanation and Kafka, which a spinning pool starves.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (cuda) {
        options.addCUDA(0);
      }
      return bundled != null
          ? env.createSession(bundled, options)
          : env.createSession(source.file().toString(), options);
    }
  }
}
