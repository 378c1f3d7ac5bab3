package dev.iqmon.inference;

import java.util.function.Consumer;

/**
 * Decides on which execution provider a session opens. {@code cpu} opens on the CPU. {@code cuda}
 * opens with CUDA or fails. {@code auto} tries CUDA only where an NVIDIA driver is present, and
 * falls back to the CPU when adding the provider or creating the session fails: with the CUDA
 * libraries installed but no GPU, adding the provider succeeds and only the session fails.
 */
final class ProviderChoice {

  static final String CPU = "cpu";
  static final String CUDA = "cuda";

  /** Opens the session, with the CUDA provider added or not. */
  @FunctionalInterface
  interface Opener<T> {
    T open(boolean cuda) throws Exception;
  }

  /** The opened session and the provider it runs on. */
  record Chosen<T>(T session, String provider) {}

  private ProviderChoice() {}

  static <T> Chosen<T> choose(
      Device device, boolean driverPresent, String model, Opener<T> opener, Consumer<String> warn) {
    switch (device) {
      case CUDA:
        return new Chosen<>(open(opener, true, model, "model.device is cuda, but "), CUDA);
      case AUTO:
        if (driverPresent) {
          try {
            return new Chosen<>(opener.open(true), CUDA);
          } catch (Exception e) {
            warn.accept(
                "CUDA is not usable for "
                    + model
                    + " ("
                    + e.getMessage()
                    + "); running on the CPU");
          }
        }
        return new Chosen<>(open(opener, false, model, ""), CPU);
      default:
        return new Chosen<>(open(opener, false, model, ""), CPU);
    }
  }

  private static <T> T open(Opener<T> opener, boolean cuda, String model, String context) {
    try {
      return opener.open(cuda);
    } catch (ModelLoadException e) {
      throw e;
    } catch (Exception e) {
      throw new ModelLoadException(
          context + "cannot load " + model + (cuda ? " on CUDA" : "") + ": " + e.getMessage(), e);
    }
  }
}
