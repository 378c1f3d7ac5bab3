package dev.iqmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.inference.Device;
import dev.iqmon.quality.ModelKind;
import dev.iqmon.segment.DecoderSpec;
import dev.iqmon.segment.EncoderLayout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

  private static IqmonConfig load(String yaml) {
    return new ConfigLoader().text(yaml, "test.yaml").load();
  }

  @Test
  void shouldBindDurationsWrittenWithEveryUnit() {
    IqmonConfig config =
        load(
            """
            model: {batch-wait: 250ms, cross-thread-wait: 2s}
            images: {fetch: {timeout: 3m}}
            dashboard: {history: 2h, resolved-history: 7d}
            """);

    assertThat(config.model().batchWait()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.model().crossThreadWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.images().fetch().timeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.dashboard().history()).isEqualTo(Duration.ofHours(2));
    assertThat(config.dashboard().resolvedHistory()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldNameTheKeyOfABadDuration() {
    assertThatThrownBy(() -> new ConfigLoader().set("model.batch-wait=50 millis").load())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "model.batch-wait: not a duration: '50 millis' (write e.g. 500ms, 30s, 5m, 1h or 2d)");
  }

  @Test
  void shouldNameTheKeyOfABadDurationInAListAndInAnOverride() {
    assertThatThrownBy(() -> load("trends: {windows: [{name: w, size: 1x}]}"))
        .hasMessageStartingWith("trends.windows[0].size: not a duration: '1x'");
    assertThatThrownBy(() -> load("alerts: {feeds: {cam-1: {silent-feed: {after: soon}}}}"))
        .hasMessageStartingWith("alerts.feeds.cam-1.silent-feed.after: not a duration: 'soon'");
  }

  @Test
  void shouldRefuseADurationThatIsEmptyOrNotAScalar() {
    assertThatThrownBy(() -> load("images: {fetch: {timeout: ''}}"))
        .hasMessageStartingWith("images.fetch.timeout must be set to a duration");
    assertThatThrownBy(() -> load("images: {fetch: {timeout: {seconds: 3}}}"))
        .hasMessageStartingWith("images.fetch.timeout must be set to a duration");
    assertThatThrownBy(() -> load("images: {fetch: {timeout: null}}"))
        .hasMessage("images.fetch.timeout must be set");
  }

  @Test
  void shouldStillCheckTheRangeOfADuration() {
    assertThatThrownBy(() -> load("alerts: {silent-feed: {after: 500ms}}"))
        .hasMessage("alerts.silent-feed.after must be at least 1s, got 500ms");
    assertThatThrownBy(() -> load("alerts: {feed-lag: {fire-at-or-above: 1m, resolve-below: 2m}}"))
        .hasMessage("alerts.feed-lag.resolve-below must be at most fire-at-or-above (1m), got 2m");
  }

  @Test
  void shouldBindNamesToEnumsInAnyCase() {
    IqmonConfig config =
        load(
            """
            model: {kind: LEARNED, device: Cpu}
            images: {jpeg-decoder: imageio}
            segmenter:
              encoder: {layout: resized-hwc}
              decoder: {upsampling: iqmon, point-frame: image}
              device: cuda
            alerts: {low-score: {severity: critical}, frozen-feed: {severity: INFO}}
            """);

    assertThat(config.model().kind()).isEqualTo(ModelKind.LEARNED);
    assertThat(config.model().device()).isEqualTo(Device.CPU);
    assertThat(config.images().jpegDecoder()).isEqualTo(ImagesConfig.JpegDecoder.IMAGEIO);
    assertThat(config.segmenter().encoder().layout()).isEqualTo(EncoderLayout.RESIZED_HWC);
    assertThat(config.segmenter().decoder().upsampling()).isEqualTo(DecoderSpec.Upsampling.IQMON);
    assertThat(config.segmenter().decoder().pointFrame()).isEqualTo(DecoderSpec.PointFrame.IMAGE);
    assertThat(config.segmenter().device()).isEqualTo(Device.CUDA);
    assertThat(config.alerts().lowScore().severity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(config.alerts().frozenFeed().severity()).isEqualTo(AlertSeverity.INFO);
  }

  @Test
  void shouldListTheAllowedValuesOfABadEnum() {
    assertThatThrownBy(() -> load("alerts: {low-score: {severity: urgent}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "alerts.low-score.severity must be one of [info, warning, critical], got 'urgent'");
    assertThatThrownBy(() -> load("segmenter: {encoder: {layout: hwc}}"))
        .hasMessage(
            "segmenter.encoder.layout must be one of [padded, resized-hwc, original], got 'hwc'");
    assertThatThrownBy(() -> load("images: {jpeg-decoder: turbo}"))
        .hasMessage("images.jpeg-decoder must be one of [auto, imageio], got 'turbo'");
  }

  @Test
  void shouldNameTheOverrideWhereABadSeverityWasGiven() {
    assertThatThrownBy(() -> load("alerts: {labels: {face: {distortion-onset: {severity: loud}}}}"))
        .hasMessageStartingWith("alerts.labels.face.distortion-onset.severity must be one of");
  }

  @Test
  void shouldTakeWarningWhenASeverityIsAbsent() {
    assertThat(load("alerts: {low-score: {severity: null}}").alerts().lowScore().severity())
        .isEqualTo(AlertSeverity.WARNING);
  }
}
