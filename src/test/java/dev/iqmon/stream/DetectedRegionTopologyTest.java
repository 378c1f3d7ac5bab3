package dev.iqmon.stream;

import static dev.iqmon.stream.AlertTopologyTest.RULES_OFF;
import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.AlertState;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.RoiFinder;
import dev.iqmon.roi.RoiOrigin;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.roi.RoiShape;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detected regions on the real topology: scored and published like any region, labelled with their
 * class, with alerts per label; a frame where a label is absent neither fires nor resolves its
 * alerts.
 */
class DetectedRegionTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** low-score on for faces only: the whole frame has the face's brightness here. */
  private static final String FACE_LOW_SCORE =
      """
      alerts:
        labels:
          face:
            low-score: {enabled: true, fire-below: 40, resolve-at-or-above: 50, consecutive: 3}
      """;

  @Test
  void shouldPublishDetectedRegionsWithTheirClassAndConfidence() {
    ScriptedFinder faces = new ScriptedFinder(true);
    try (TopologyHarness t = TopologyHarness.detecting(faces, RULES_OFF)) {
      publish(t, 0, 80);

      List<RegionScore> regions = t.regionScores.readValuesToList();
      RegionScore face =
          regions.stream()
              .filter(r -> r.getSource() == RoiSource.DETECTED)
              .findFirst()
              .orElseThrow();
      assertThat(face.getRoiId()).isEqualTo("face-1");
      assertThat(face.getLabel()).isEqualTo("face");
      assertThat(face.getConfidence()).isEqualTo(0.9);
      assertThat(face.getScore()).isBetween(79.0, 81.0);
      assertThat(t.imageQuality.readValue().getStageMillis()).containsKey("detect");
      assertThat(t.count("iqmon.regions", "source", "detected")).isEqualTo(1.0);
    }
  }

  @Test
  void shouldFireAnAlertForADetectedLabelLikeForAnyOther() {
    ScriptedFinder faces = new ScriptedFinder(true, true, true, true);
    try (TopologyHarness t = TopologyHarness.detecting(faces, RULES_OFF, FACE_LOW_SCORE)) {
      publish(t, 0, 80, 30, 30, 30);

      QualityAlert alert = t.alerts.readValue();
      assertThat(alert.getAlertId()).isEqualTo("cam-1/face/low-score");
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(t.alerts.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNeitherFireNorResolveALabelOnFramesWhereItIsAbsent() {
    // a face in frames 0-3, then none for ten frames, bright or dark
    Boolean[] present = new Boolean[14];
    java.util.Arrays.fill(present, false);
    java.util.Arrays.fill(present, 0, 4, true);
    ScriptedFinder faces = new ScriptedFinder(present);
    try (TopologyHarness t = TopologyHarness.detecting(faces, RULES_OFF, FACE_LOW_SCORE)) {
      publish(t, 0, 80, 30, 30, 30);
      assertThat(t.alerts.readValue().getState()).isEqualTo(AlertState.FIRING);

      publish(t, 4, 90, 90, 90, 90, 90, 10, 10, 10, 10, 10);

      assertThat(t.alerts.isEmpty()).as("no face: nothing to judge").isTrue();
      assertThat(t.regionScores.readValuesToList())
          .filteredOn(r -> r.getSource() == RoiSource.DETECTED)
          .hasSize(4);
    }
  }

  private static void publish(TopologyHarness t, int from, double... scores) {
    for (int i = 0; i < scores.length; i++) {
      int second = from + i;
      t.publish(
          event("cam-1", "cam-1-" + second, T0.plusSeconds(second), pngScoring(scores[i], second)));
    }
  }

  /**
   * Finds a face over the whole frame (confidence 0.9) in the images where its script says so, in
   * the order it is asked; the workers are inline, so that is the order of the images.
   */
  private static final class ScriptedFinder implements RoiFinder {
    private final Deque<Boolean> script;

    ScriptedFinder(Boolean... present) {
      this.script = new ArrayDeque<>(List.of(present));
    }

    @Override
    public boolean looksAt(String feedId) {
      return true;
    }

    @Override
    public synchronized List<RoiRequest> find(String feedId, RgbImage image) {
      if (!script.removeFirst()) {
        return List.of();
      }
      RoiShape.Box box = new RoiShape.Box(0, 0, image.width(), image.height(), false);
      return List.of(new RoiRequest("face-1", "face", RoiOrigin.DETECTED, box, 0.9));
    }
  }
}
