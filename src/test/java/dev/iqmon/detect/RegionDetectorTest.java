package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.RoiOrigin;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.roi.RoiShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegionDetectorTest {

  private static final RgbImage IMAGE = new RgbImage(64, 64, new int[64 * 64]);
  private static final int PERSON = 0;
  private static final int CAR = 1;

  // In a 64 x 64 image (the input itself): a person 40 x 40 at (4, 20), 0.9; a car 32 x 32 at
  // (8, 8), 0.4; a small person 12 x 12 at (0, 0), 0.35
  private final FakeDetectorNetwork network =
      new FakeDetectorNetwork(
          DetectorLayouts.gfl(64, List.of(8, 16)),
          new GflOutputs(1)
              .cell(0, 8, 26, PERSON, 0.9f, new int[] {2, 1, 3, 4})
              .cell(0, 16, 5, CAR, 0.4f, new int[] {1, 1, 1, 1})
              .cell(0, 8, 0, PERSON, 0.35f, new int[] {1, 1, 1, 1}));
  private final Detector detector = new Detector(network, 1, Duration.ZERO, n -> {});

  @AfterEach
  void close() {
    detector.close();
  }

  @Test
  void shouldTurnTheFeedsClassesIntoDetectedRegionsLabelledWithTheirClass() {
    List<RoiRequest> found = detect(settings(List.of("person"), 0.3, 8, 0.25, false));

    assertThat(found).hasSize(1);
    RoiRequest person = found.get(0);
    assertThat(person.id()).isEqualTo("person-1");
    assertThat(person.label()).isEqualTo("person");
    assertThat(person.source()).isEqualTo(RoiOrigin.DETECTED);
    assertThat(person.confidence()).isCloseTo(0.9, within(1e-6));
    assertThat(person.shape()).isEqualTo(new RoiShape.Box(4, 20, 40, 40, false));
  }

  @Test
  void shouldLeaveOutOtherClassesTheUnsureAndTheSmall() {
    assertThat(detect(settings(List.of("person", "car"), 0.5, 8, 0.25, false)))
        .extracting(RoiRequest::id)
        .containsExactly("person-1");
    assertThat(detect(settings(List.of("person", "car"), 0.3, 8, 0, false)))
        .extracting(RoiRequest::id)
        .containsExactly("person-1", "car-1", "person-2");
  }

  @Test
  void shouldKeepTheMostConfidentUpToTheFeedsLimit() {
    assertThat(detect(settings(List.of("person", "car"), 0.3, 2, 0, false)))
        .extracting(RoiRequest::id)
        .containsExactly("person-1", "car-1");
  }

  @Test
  void shouldMakeBoxPromptsForTheSegmenterWhenTheFeedAsks() {
    RoiRequest person = detect(settings(List.of("person"), 0.3, 8, 0.25, true)).get(0);

    assertThat(person.shape())
        .isEqualTo(new RoiShape.Prompt(new RoiShape.Box(4, 20, 40, 40, false), List.of()));
    assertThat(person.source()).isEqualTo(RoiOrigin.DETECTED);
  }

  @Test
  void shouldNotLookAtFeedsThatAskForNothing() {
    RegionDetector regions =
        new RegionDetector(
            List.of(detector), Map.of("door", settings(List.of("car"), 0.3, 8, 0, false)));

    assertThat(regions.looksAt("garden")).isFalse();
    assertThat(regions.find("garden", IMAGE)).isEmpty();
    assertThat(network.batches).isEmpty();
  }

  @Test
  void shouldRefuseAClassNoDetectorFinds() {
    assertThatThrownBy(
            () ->
                new RegionDetector(
                    List.of(detector), Map.of("door", settings(List.of("face"), 0.3, 8, 0, false))))
        .hasMessageContaining("feed door: no detector finds 'face'");
  }

  private List<RoiRequest> detect(DetectSettings settings) {
    RegionDetector regions = new RegionDetector(List.of(detector), Map.of("door", settings));
    assertThat(regions.looksAt("door")).isTrue();
    return regions.find("door", IMAGE);
  }

  private static DetectSettings settings(
      List<String> classes, double min, int max, double minSize, boolean prompts) {
    Map<String, Double> confidence = new java.util.HashMap<>();
    classes.forEach(c -> confidence.put(c, min));
    return new DetectSettings(classes, confidence, max, minSize, prompts);
  }
}
