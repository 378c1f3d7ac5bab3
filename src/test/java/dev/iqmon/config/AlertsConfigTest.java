package dev.iqmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

  private static IqmonConfig load(String yaml) {
    return new ConfigLoader(name -> null).text(yaml, "test").load();
  }

  @Test
  void shouldLayFeedAndLabelOverridesOverTheGlobalRulesMostSpecificFirst() {
    AlertsConfig alerts =
        load("""
                alerts:
                  low-score: {fire-below: 40, resolve-at-or-above: 50}
                  labels:
                    face:
                      low-score: {fire-below: 60, resolve-at-or-above: 70}
                  feeds:
                    cam-1:
                      low-score: {consecutive: 7}
                      silent-feed: {after: 30s}
                      labels:
                        face:
                          low-score: {severity: critical}
                        road:
                          distortion-onset: {enabled: false}
                """)
            .alerts();

    assertThat(alerts.rulesFor("cam-9", "car").lowScore().fireBelow()).isEqualTo(40);
    assertThat(alerts.rulesFor("cam-9", "face").lowScore().fireBelow()).isEqualTo(60);
    assertThat(alerts.rulesFor("cam-1", "car").lowScore().consecutive()).isEqualTo(7);
    assertThat(alerts.rulesFor("cam-1", "car").lowScore().fireBelow()).isEqualTo(40);
    LowScoreConfig face = alerts.rulesFor("cam-1", "face").lowScore();
    assertThat(face.fireBelow()).as("label over global").isEqualTo(60);
    assertThat(face.consecutive()).as("feed over label").isEqualTo(7);
    assertThat(face.severity()).as("feed and label over all").isEqualTo(AlertSeverity.CRITICAL);
    assertThat(alerts.rulesFor("cam-1", "road").distortionOnset().enabled()).isFalse();
    assertThat(alerts.rulesFor("cam-1", "road").lowScore().consecutive()).isEqualTo(7);
    assertThat(alerts.rulesFor("cam-1").silentFeed().after()).hasSeconds(30);
    assertThat(alerts.rulesFor("cam-2").silentFeed().after()).hasMinutes(5);
  }

  @Test
  void shouldRefuseWholeFeedRulesUnderALabel() {
    assertThatThrownBy(() -> load("alerts: {labels: {face: {silent-feed: {after: 1m}}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.labels.face.silent-feed")
        .hasMessageContaining("alerts.feeds.<feed>");
  }

  @Test
  void shouldSetTheCameraHealthRulesPerFeedOnly() {
    IqmonConfig config =
        load(
            """
            alerts:
              feed-lag: {fire-at-or-above: 5m, resolve-below: 1m}
              feeds:
                dock:
                  scene-change: {adopt-after: 1h, learn-images: 50}
                  signal-loss: {enabled: false}
            """);
    AlertRulesConfig dock = config.alerts().rulesFor("dock");
    assertThat(dock.sceneChange().adoptAfter()).hasHours(1);
    assertThat(dock.sceneChange().learnImages()).isEqualTo(50);
    assertThat(dock.signalLoss().enabled()).isFalse();
    assertThat(dock.feedLag().fireAtOrAbove()).hasMinutes(5);
    assertThat(config.alerts().rulesFor("gate").signalLoss().enabled()).isTrue();
    assertThat(config.alerts().rulesFor("gate").sceneChange().adoptAfter()).hasMinutes(10);
    assertThatThrownBy(() -> load("alerts: {labels: {face: {lens-blocked: {consecutive: 2}}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.labels.face.lens-blocked");
  }

  @Test
  void shouldRefuseALagThatResolvesAboveWhereItFires() {
    assertThatThrownBy(() -> load("alerts: {feed-lag: {fire-at-or-above: 30s, resolve-below: 2m}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.feed-lag.resolve-below");
  }

  @Test
  void shouldNameTheOverrideThatHoldsAnInvalidValue() {
    assertThatThrownBy(
            () -> load("alerts: {feeds: {cam-1: {distortion-onset: {fire-at-or-above: 2}}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.distortion-onset.fire-at-or-above")
        .hasMessageContaining("alerts.feeds.cam-1");
  }

  @Test
  void shouldRefuseAResolveLevelOnTheBadSideOfTheFiringOne() {
    assertThatThrownBy(
            () -> load("alerts: {baseline-drop: {fire-at-or-above: 10, resolve-below: 12}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.baseline-drop.resolve-below");
  }

  @Test
  void shouldRefuseAWindowRuleOnAWindowThatDoesNotExist() {
    assertThatThrownBy(() -> load("alerts: {low-score-share: {window: 5m}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'5m' is not one of trends.windows");
    assertThatThrownBy(() -> load("trends: {baseline: {window: 2h}}"))
        .hasMessageContaining("trends.baseline.window '2h'");
  }

  @Test
  void shouldWatchTheFirstWindowWhenARuleNamesNone() {
    TrendsConfig trends =
        load("trends: {windows: [{name: 5m, size: 5m}, {name: 1h, size: 1h}]}").trends();
    assertThat(trends.windowOrFirst(null)).isEqualTo("5m");
    assertThat(trends.windowOrFirst("1h")).isEqualTo("1h");
  }

  @Test
  void shouldDocumentEveryDefaultWithItsValueInTheReferenceConfig() throws Exception {
    IqmonConfig reference =
        new ConfigLoader(name -> null).file(Path.of("config/iqmon.yaml")).load();
    assertThat(reference).isEqualTo(new ConfigLoader(name -> null).load());

    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode defaults;
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/iqmon-defaults.yaml")) {
      defaults = yaml.readTree(in);
    }
    assertThat(paths(yaml.readTree(Path.of("config/iqmon.yaml").toFile()), ""))
        .containsAll(paths(defaults, ""));
  }

  private static Set<String> paths(JsonNode node, String prefix) {
    Set<String> out = new TreeSet<>();
    node.properties()
        .forEach(
            e -> {
              out.add(prefix + e.getKey());
              if (e.getValue().isObject()) {
                out.addAll(paths(e.getValue(), prefix + e.getKey() + "."));
              }
            });
    return out;
  }
}
