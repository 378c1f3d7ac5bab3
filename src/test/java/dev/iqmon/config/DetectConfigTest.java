package dev.iqmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.inference.Device;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectConfigTest {

  private static IqmonConfig load(String yaml) {
    return new ConfigLoader().text(yaml, "test").load();
  }

  @Test
  void shouldDetectNothingUnlessAFeedAsks() {
    IqmonConfig config = load("");

    assertThat(config.feed("door").detect()).isNull();
    DetectorsConfig detectors = config.detectors();
    assertThat(detectors.device()).isEqualTo(Device.AUTO);
    assertThat(detectors.batchSize()).isEqualTo(8);
    assertThat(detectors.batchWait()).isEqualTo(Duration.ofMillis(2));
    assertThat(detectors.objects().minConfidence()).isEqualTo(0.3);
    assertThat(detectors.faces().minConfidence()).isEqualTo(0.75);
    assertThat(detectors.objects().path()).isNull();
  }

  @Test
  void shouldReadAFeedsClassesWithTheDefaultsForWhatItLeavesOut() {
    FeedDetectConfig detect =
        load("""
                feeds:
                  door:
                    detect:
                      classes: [person, face]
                      min-confidence: {face: 0.9}
                """)
            .feed("door")
            .detect();

    assertThat(detect.classes()).containsExactly("person", "face");
    assertThat(detect.minConfidence()).isEqualTo(Map.of("face", 0.9));
    assertThat(detect.maxRegions()).isEqualTo(8);
    assertThat(detect.minSize()).isEqualTo(0.02);
    assertThat(detect.segment()).isTrue();
  }

  @Test
  void shouldRefuseDetectSettingsThatCannotWork() {
    assertThatThrownBy(() -> load("feeds: {door: {detect: {classes: []}}}"))
        .hasMessageContaining("detect.classes must name at least one class");
    assertThatThrownBy(
            () -> load("feeds: {door: {detect: {classes: [car], min-confidence: {face: 0.5}}}}"))
        .hasMessageContaining("detect.min-confidence.face: 'face' is not one of detect.classes");
    assertThatThrownBy(
            () -> load("feeds: {door: {detect: {classes: [car], min-confidence: {car: 1.5}}}}"))
        .hasMessageContaining("detect.min-confidence.car must be in [0.0, 1.0], got 1.5");
    assertThatThrownBy(() -> load("feeds: {door: {detect: {classes: [car], min-size: 1}}}"))
        .hasMessageContaining("detect.min-size must be in [0, 1)");
    assertThatThrownBy(() -> load("detectors: {batch-size: 0}"))
        .hasMessageContaining("detectors.batch-size must be positive");
  }
}
