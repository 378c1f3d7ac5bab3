package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.image.RgbImage;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.quality.classical.ClassicalModel;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the integration test of detected regions relies on, without a broker: in the scene of a face
 * and a car, the detectors find both, also with the face blurred, and the blurred face scores under
 * the low-score alert's level while the sharp one scores above its resolve level.
 */
class DetectionScenesTest {

  private static Detector objects;
  private static Detector faces;

  @BeforeAll
  static void open() {
    objects = ShippedDetectors.open(ShippedDetectors.OBJECTS, 1);
    faces = ShippedDetectors.open(ShippedDetectors.FACES, 1);
  }

  @AfterAll
  static void close() {
    objects.close();
    faces.close();
  }

  @Test
  void shouldFindTheFaceAndTheCarOfTheScene() {
    for (RgbImage scene :
        List.of(
            DetectionScenes.faceAndCar(),
            DetectionScenes.faceAndCarBlurredFace(DetectionScenes.FACE_BLUR))) {
      List<Detection> found = faces.detect(scene, 0.75);
      assertThat(found).hasSize(1);
      assertThat(found.get(0).iou(box("face", DetectionScenes.FACE))).isGreaterThan(0.5);
      Detection car =
          objects.detect(scene, 0.3).stream()
              .filter(d -> d.label().equals("car"))
              .findFirst()
              .orElseThrow();
      assertThat(car.iou(box("car", DetectionScenes.CAR))).isGreaterThan(0.5);
      System.out.printf(
          "scene: face %.3f (IoU %.3f), car %.3f (IoU %.3f)%n",
          found.get(0).confidence(),
          found.get(0).iou(box("face", DetectionScenes.FACE)),
          car.confidence(),
          car.iou(box("car", DetectionScenes.CAR)));
    }
  }

  @Test
  void shouldScoreTheBlurredFaceUnderTheAlertLevelAndTheSharpOneAboveItsResolveLevel() {
    try (QualityModel model = new ClassicalModel()) {
      double sharp = faceScore(model, DetectionScenes.faceAndCar());
      double blurred =
          faceScore(model, DetectionScenes.faceAndCarBlurredFace(DetectionScenes.FACE_BLUR));
      System.out.printf("face score: sharp %.1f, blurred %.1f%n", sharp, blurred);
      assertThat(sharp).isGreaterThanOrEqualTo(50);
      assertThat(blurred).isLessThan(40);
    }
  }

  private static double faceScore(QualityModel model, RgbImage scene) {
    Detection face = faces.detect(scene, 0.75).get(0);
    PixelBox box = face.pixels(scene.width(), scene.height()).orElseThrow();
    Roi roi = new Roi("face-1", "face", RoiOrigin.DETECTED, box, null, face.confidence());
    List<ScoredRegion> regions =
        model
            .score(List.of(new ImageJob(scene, List.of(Roi.whole(896, 512), roi))))
            .get(0)
            .regions();
    return regions.get(1).quality().score();
  }

  private static Detection box(String label, int[] xyxy) {
    return new Detection(label, 1, xyxy[0], xyxy[1], xyxy[2], xyxy[3]);
  }
}
