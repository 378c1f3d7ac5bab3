package dev.iqmon.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {

  private final List<Boolean> attempts = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /** Opens on the CPU; CUDA fails the way session creation fails on a machine without a GPU. */
  private String openWithoutGpu(boolean cuda) throws Exception {
    attempts.add(cuda);
    if (cuda) {
      throw new Exception("CUDA failure 100: no CUDA-capable device is detected");
    }
    return "cpu-session";
  }

  @Test
  void shouldFallBackToTheCpuWhenCreatingTheCudaSessionFails() {
    ProviderChoice.Chosen<String> chosen =
        ProviderChoice.choose(Device.AUTO, true, "m.onnx", this::openWithoutGpu, warnings::add);

    assertThat(chosen.provider()).isEqualTo("cpu");
    assertThat(chosen.session()).isEqualTo("cpu-session");
    assertThat(attempts).containsExactly(true, false);
    assertThat(warnings).singleElement().asString().contains("no CUDA-capable device");
  }

  @Test
  void shouldUseCudaWhenItWorks() {
    ProviderChoice.Chosen<String> chosen =
        ProviderChoice.choose(
            Device.AUTO,
            true,
            "m.onnx",
            cuda -> cuda ? "gpu-session" : "cpu-session",
            warnings::add);

    assertThat(chosen.provider()).isEqualTo("cuda");
    assertThat(chosen.session()).isEqualTo("gpu-session");
    assertThat(warnings).isEmpty();
  }

  @Test
  void shouldNotTryCudaWithoutAnNvidiaDriver() {
    ProviderChoice.Chosen<String> chosen =
        ProviderChoice.choose(Device.AUTO, false, "m.onnx", this::openWithoutGpu, warnings::add);

    assertThat(chosen.provider()).isEqualTo("cpu");
    assertThat(attempts).containsExactly(false);
    assertThat(warnings).isEmpty();
  }

  @Test
  void shouldNeverTryCudaWhenTheCpuIsAskedFor() {
    ProviderChoice.choose(Device.CPU, true, "m.onnx", this::openWithoutGpu, warnings::add);

    assertThat(attempts).containsExactly(false);
  }

  @Test
  void shouldFailClearlyWhenCudaIsAskedForAndUnusable() {
    assertThatThrownBy(
            () ->
                ProviderChoice.choose(
                    Device.CUDA, true, "m.onnx", this::openWithoutGpu, warnings::add))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.device is cuda")
        .hasMessageContaining("m.onnx")
        .hasMessageContaining("no CUDA-capable device");
    assertThat(attempts).containsExactly(true);
  }

  @Test
  void shouldFallBackWhenTheRuntimeHasNoCudaProvider() {
    // The CPU build of ONNX Runtime rejects addCUDA itself; auto still opens on the CPU.
    ProviderChoice.Chosen<String> chosen = new OnnxSessionsProbe().choose();

    assertThat(chosen.provider()).isEqualTo("cpu");
  }

  /** Adds the CUDA provider to real session options, as {@link OnnxSessions} does. */
  private static final class OnnxSessionsProbe {
    ProviderChoice.Chosen<String> choose() {
      return ProviderChoice.choose(
          Device.AUTO,
          true,
          "probe",
          cuda -> {
            try (var options = new ai.onnxruntime.OrtSession.SessionOptions()) {
              if (cuda) {
                options.addCUDA(0);
              }
              return cuda ? "gpu" : "cpu";
            }
          },
          message -> {});
    }
  }
}
