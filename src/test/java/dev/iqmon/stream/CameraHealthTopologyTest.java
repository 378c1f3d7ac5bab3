package dev.iqmon.stream;

import static dev.iqmon.stream.AlertTopologyTest.RULES_OFF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.alerts.SceneImages;
import dev.iqmon.avro.AlertKind;
import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import dev.iqmon.roi.CocoRle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The camera-health rules on the real topology, one frame a second, from real photos with synthetic
 * changes: when each fires, when it holds, when it resolves, and what it does not fire on.
 */
class CameraHealthTopologyTest {

  private static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");

  private static final String SCENE =
      """
      alerts:
        scene-change: {enabled: true, consecutive: 3, learn-images: 5, adopt-after: 30s}
      """;

  private static final String HEALTH =
      """
      alerts:
        scene-change: {enabled: true, consecutive: 3, learn-images: 5}
        signal-loss: {enabled: true}
        lens-blocked: {enabled: true, consecutive: 3}
      """;

  /** Frames at half the photos' size (300 x 200 here), so that the tests run quickly. */
  private static final RgbImage COFFEE = photo("coffee.png");

  private static RgbImage photo(String sample) {
    return SceneImages.half(TestImages.sample(sample));
  }

  /** Frame {@code second} of a feed: a fresh grain of sensor noise on what it shows. */
  private static void frame(TopologyHarness t, String feed, int second, RgbImage view) {
    frame(t, feed, second, view, T0.plusSeconds(second));
  }

  private static void frame(
      TopologyHarness t, String feed, int second, RgbImage view, Instant arrival) {
    RgbImage grain = SceneImages.lit(view, 0, second);
    ImageEvent event =
        ImageEvent.newBuilder()
            .setFeedId(feed)
            .setImageId(feed + "-" + second)
            .setCaptureTime(T0.plusSeconds(second))
            .setContentType("image/jpeg")
            .setData(ByteBuffer.wrap(ImageEncoder.jpeg(grain, 90)))
            .setRois(List.of())
            .setAttributes(Map.of())
            .build();
    t.images.pipeInput(feed.getBytes(StandardCharsets.UTF_8), t.encode(event), arrival);
  }

  private static void frames(
      TopologyHarness t, String feed, int from, int count, IntFunction<RgbImage> view) {
    for (int s = from; s < from + count; s++) {
      frame(t, feed, s, view.apply(s));
    }
  }

  private static List<AlertState> states(List<QualityAlert> alerts) {
    return alerts.stream().map(QualityAlert::getState).toList();
  }

  @Test
  void shouldFireWhenTheCameraTurnsAwayAndResolveWhenItTurnsBack() {
    RgbImage away = SceneImages.shifted(COFFEE, 0.2, 0.1);
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SCENE)) {
      frames(t, "cafe", 0, 8, s -> COFFEE);
      frames(t, "cafe", 8, 2, s -> away);
      assertThat(t.alerts.isEmpty()).isTrue();

      frame(t, "cafe", 10, away);
      QualityAlert fired = t.alerts.readValue();
      assertThat(fired.getState()).isEqualTo(AlertState.FIRING);
      assertThat(fired.getKind()).isEqualTo(AlertKind.SCENE_CHANGE);
      assertThat(fired.getAlertId()).isEqualTo("cafe/whole/scene-change");
      assertThat(fired.getFiredAt()).isEqualTo(T0.plusSeconds(10));
      assertThat(fired.getEvidence().getValue()).isGreaterThanOrEqualTo(0.3);
      assertThat(fired.getEvidence().getImageIds()).containsExactly("cafe-8", "cafe-9", "cafe-10");

      frames(t, "cafe", 11, 2, s -> COFFEE);
      assertThat(t.alerts.isEmpty()).as("two frames back are not yet three").isTrue();
      frame(t, "cafe", 13, COFFEE);
      QualityAlert resolved = t.alerts.readValue();
      assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(resolved.getEpisodeId()).isEqualTo(fired.getEpisodeId());
      assertThat(resolved.getEvidence().getValue()).isLessThan(0.2);
      assertThat(resolved.getMessage()).contains("back to the reference");
    }
  }

  @Test
  void shouldStayQuietWhileTheViewFlicksAwayAndBackWithinTheCount() {
    RgbImage rotated = SceneImages.rotated(COFFEE, 15);
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SCENE)) {
      frames(t, "cafe", 0, 6, s -> COFFEE);
      frames(t, "cafe", 6, 20, s -> s % 3 == 2 ? COFFEE : rotated);
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldAdoptANewViewThatHoldsAsTheReference() {
    RgbImage away = SceneImages.shifted(COFFEE, 0.2, 0.1);
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, SCENE)) {
      frames(t, "cafe", 0, 6, s -> COFFEE);
      frames(t, "cafe", 6, 30, s -> away);
      assertThat(states(t.alerts.readValuesToList())).containsExactly(AlertState.FIRING);

      frame(t, "cafe", 36, away);
      QualityAlert adopted = t.alerts.readValue();
      assertThat(adopted.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(adopted.getMessage()).contains("it is now the reference");
      assertThat(adopted.getEvidence().getDetail()).contains("held for 30s");

      frames(t, "cafe", 37, 10, s -> away);
      assertThat(t.alerts.isEmpty()).as("the new view is the normal one now").isTrue();
    }
  }

  @Test
  void shouldStayQuietFromDayToNightAndWhilePeopleAndCarsPassEveryPhoto() {
    List<String> samples = TestImages.SAMPLES;
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, HEALTH)) {
      for (int i = 0; i < samples.size(); i++) {
        RgbImage photo = photo(samples.get(i));
        RgbImage passer = photo(samples.get((i + 1) % samples.size()));
        String feed = "cam-" + i;
        frames(t, feed, 0, 6, s -> photo);
        // Dusk to night over 30 s (3 stops darker, noisier), with something crossing the frame.
        frames(
            t,
            feed,
            6,
            30,
            s -> {
              RgbImage dim = SceneImages.lit(photo, -3.0 * (s - 6) / 29, s);
              return s % 4 == 0
                  ? SceneImages.pasted(dim, passer, (s % 16) / 24.0, 0.45, 0.3, 0.35)
                  : dim;
            });
      }
      assertThat(t.alerts.readValuesToList()).isEmpty();
    }
  }

  @Test
  void shouldFireAtOnceOnABlackFrameAndSayWhatItSaw() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, HEALTH)) {
      frames(t, "lobby", 0, 6, s -> COFFEE);
      frame(t, "lobby", 6, SceneImages.uniform(300, 200, 0x000000));
      QualityAlert fired = t.alerts.readValue();
      assertThat(fired.getKind()).isEqualTo(AlertKind.SIGNAL_LOSS);
      assertThat(fired.getState()).isEqualTo(AlertState.FIRING);
      assertThat(fired.getEvidence().getDetail()).startsWith("a uniform black frame");
      assertThat(fired.getMessage()).contains("no picture, a uniform black frame");

      frames(t, "lobby", 7, 4, s -> SceneImages.uniform(300, 200, 0x000000));
      frame(t, "lobby", 11, COFFEE);
      assertThat(t.alerts.isEmpty())
          .as("black frames judged for nothing else; one picture")
          .isTrue();
      frame(t, "lobby", 12, COFFEE);
      QualityAlert resolved = t.alerts.readValue();
      assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(resolved.getEpisodeId()).isEqualTo(fired.getEpisodeId());
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldFireOnColourBars() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, HEALTH)) {
      frame(t, "garden", 0, SceneImages.colourBars(360, 288));
      QualityAlert fired = t.alerts.readValue();
      assertThat(fired.getKind()).isEqualTo(AlertKind.SIGNAL_LOSS);
      assertThat(fired.getEvidence().getDetail()).contains("colour bars");
    }
  }

  @Test
  void shouldFireWhenMostOfTheLensIsCoveredWithTheShareAndItsMask() {
    RgbImage covered = SceneImages.covered(COFFEE, 0.7, 0x2a2a2a);
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, HEALTH)) {
      frames(t, "cafe", 0, 6, s -> COFFEE);
      frames(t, "cafe", 6, 3, s -> covered);
      List<QualityAlert> alerts = t.alerts.readValuesToList();
      QualityAlert fired =
          alerts.stream().filter(a -> a.getKind() == AlertKind.LENS_BLOCKED).findFirst().get();
      assertThat(fired.getState()).isEqualTo(AlertState.FIRING);
      assertThat(fired.getEvidence().getValue()).isGreaterThanOrEqualTo(0.5);
      assertThat(fired.getEvidence().getDetail()).contains("textured cells lost their texture");
      var mask = fired.getEvidence().getMask();
      assertThat(mask.getWidth()).isEqualTo(300);
      assertThat(mask.getHeight()).isEqualTo(200);
      var region = CocoRle.decode(mask.getCounts(), 300, 200).orElseThrow();
      assertThat(region.contains(50, 100)).as("under the cover").isTrue();
      assertThat(region.contains(275, 100)).as("the open right side").isFalse();

      frames(t, "cafe", 9, 3, s -> COFFEE);
      assertThat(
              t.alerts.readValuesToList().stream()
                  .filter(a -> a.getKind() == AlertKind.LENS_BLOCKED)
                  .map(QualityAlert::getState))
          .containsExactly(AlertState.RESOLVED);
    }
  }

  @Test
  void shouldHoldTheLensAlertWhileTheCoverIsBetweenTheLevels() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, HEALTH)) {
      frames(t, "cafe", 0, 6, s -> COFFEE);
      frames(t, "cafe", 6, 3, s -> SceneImages.covered(COFFEE, 0.7, 0x2a2a2a));
      frames(t, "cafe", 9, 6, s -> SceneImages.covered(COFFEE, 0.4, 0x2a2a2a));
      assertThat(
              t.alerts.readValuesToList().stream()
                  .filter(a -> a.getKind() == AlertKind.LENS_BLOCKED)
                  .map(QualityAlert::getState))
          .containsExactly(AlertState.FIRING);
    }
  }

  private static final String LAG =
      """
      alerts:
        feed-lag: {enabled: true, fire-at-or-above: 2m, resolve-below: 30s, consecutive: 3}
      """;

  @Test
  void shouldFireWhenImagesArriveEverLaterAndResolveWhenTheyCatchUp() {
    int[] delays = {5, 60, 130, 150, 170, 90, 90, 90, 20, 10, 5};
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LAG)) {
      for (int i = 0; i < delays.length; i++) {
        frame(t, "dock", i, COFFEE, T0.plusSeconds(i + delays[i]));
      }
      List<QualityAlert> alerts = t.alerts.readValuesToList();
      assertThat(states(alerts)).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
      QualityAlert fired = alerts.get(0);
      assertThat(fired.getKind()).isEqualTo(AlertKind.FEED_LAG);
      assertThat(fired.getFiredAt()).isEqualTo(T0.plusSeconds(4));
      assertThat(fired.getEvidence().getValue()).isEqualTo(170.0);
      assertThat(fired.getEvidence().getDetail())
          .isEqualTo("images arrive 2m 50s after their capture time");
      assertThat(alerts.get(1).getResolvedAt()).isEqualTo(T0.plusSeconds(10));
    }
  }

  @Test
  void shouldCallACameraClockThatRunsAheadLagToo() {
    try (TopologyHarness t = new TopologyHarness(RULES_OFF, LAG)) {
      for (int i = 0; i < 3; i++) {
        frame(t, "dock", i, COFFEE, T0.plusSeconds(i - 300));
      }
      assertThat(t.alerts.readValue().getEvidence().getDetail())
          .isEqualTo("capture times are 5m 00s later than arrival: the camera's clock runs ahead");
    }
  }
}
