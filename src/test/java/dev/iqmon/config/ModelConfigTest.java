package dev.iqmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.inference.Device;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  @Test
  void shouldScoreWithTheClassicalModelByDefault() {
    ModelConfig model = new ConfigLoader().load().model();

    assertThat(model.learned()).isFalse();
    assertThat(model.device()).isEqualTo(Device.AUTO);
    assertThat(model.encoder()).isNull();
  }

  @Test
  void shouldBatchForTheLearnedModel() {
    ModelConfig model = new ConfigLoader().set("model.kind=learned").load().model();

    assertThat(model.serviceBatchSize()).isEqualTo(model.batchSize()).isGreaterThan(1);
  }

  @Test
  void shouldNotBatchForTheClassicalModel() {
    ModelConfig model = new ConfigLoader().set("model.kind=classical").load().model();

    assertThat(model.serviceBatchSize()).isEqualTo(1);
  }

  @Test
  void shouldNameAnUnknownModelKind() {
    assertThatThrownBy(() -> new ConfigLoader().set("model.kind=neural").load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.kind must be one of [learned, classical]");
  }

  @Test
  void shouldNameAnUnknownDevice() {
    assertThatThrownBy(() -> new ConfigLoader().set("model.device=tpu").load())
        .isInstanceOf(ConfigException.class)
        .hasMessage("model.device must be one of [auto, cpu, cuda], got 'tpu'");
  }

  @Test
  void shouldRefuseADegradedRegionAreaOutsideTheImage() {
    assertThatThrownBy(() -> new ConfigLoader().set("model.degraded-regions.min-area=1.5").load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.degraded-regions.min-area");
  }

  @Test
  void shouldLetTheEncoderSee3840x2160PixelsAtOnceByDefault() {
    assertThat(new ConfigLoader().load().model().maxPixels()).isEqualTo(3840L * 2160);
  }

  @Test
  void shouldRefuseAPixelCapOutsideItsRange() {
    assertThatThrownBy(() -> new ConfigLoader().set("model.max-pixels=1000").load())
        .isInstanceOf(ConfigException.class)
        .hasMessage("model.max-pixels must be in [65536, 100000000], got 1000");
  }
}
