package dev.iqmon.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.image.RgbImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detectors iqmon ships, on real photos, against boxes drawn by hand. */
class ShippedDetectorsTest {

  private static final Set<String> PEOPLE_AND_VEHICLES =
      Set.of("person", "bicycle", "car", "motorcycle", "bus", "truck");
  private static final List<String> PHOTOS =
      List.of("dog.jpg", "person.jpg", "kite.jpg", "astronaut.png");

  /** The default least confidence of the object detector (config: detectors.objects). */
  private static final double OBJECTS_MIN = 0.3;

  /** The default least confidence of the face detector (config: detectors.faces). */
  private static final double FACES_MIN = 0.75;

  private static Detector objects;
  private static Detector faces;

  @BeforeAll
  static void open() {
    objects = ShippedDetectors.open(ShippedDetectors.OBJECTS, 4);
    faces = ShippedDetectors.open(ShippedDetectors.FACES, 4);
  }

  @AfterAll
  static void close() {
    objects.close();
    faces.close();
  }

  @Test
  void shouldFindTheAstronautsFaceWhereItWasDrawnByHand() {
    // Drawn by hand on the 512 x 512 photo, hairline to chin and cheek to cheek
    Detection drawn = new Detection("face", 1, 182, 72, 272, 183);

    List<Detection> found = faces.detect(ShippedDetectors.photo("astronaut.png"), FACES_MIN);

    assertThat(found).hasSize(1);
    System.out.printf(
        "astronaut face: IoU %.3f with the hand-drawn box, confidence %.3f%n",
        found.get(0).iou(drawn), found.get(0).confidence());
    assertThat(found.get(0).iou(drawn)).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void shouldFindThePeopleAndVehiclesDrawnByHandInRealPhotos() {
    int drawn = 0;
    int found = 0;
    int falseBoxes = 0;
    for (String photo : PHOTOS) {
      Tally t = tally(photo, objects.detect(ShippedDetectors.photo(photo), OBJECTS_MIN));
      System.out.printf(
          "%s: %d of %d hand boxes found at IoU >= 0.5, %d false boxes%n",
          photo, t.found, t.drawn, t.falseBoxes);
      drawn += t.drawn;
      found += t.found;
      falseBoxes += t.falseBoxes;
    }
    double recall = found / (double) drawn;
    double precision = found / (double) (found + falseBoxes);
    System.out.printf(
        "people and vehicles: recall %.3f (%d of %d), %d false boxes (precision %.3f)%n",
        recall, found, drawn, falseBoxes, precision);
    assertThat(drawn).isGreaterThanOrEqualTo(8);
    assertThat(recall).isGreaterThanOrEqualTo(0.8);
    assertThat(precision).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void shouldFindTheSameInABatchAsImageByImage() {
    List<RgbImage> images = PHOTOS.stream().map(ShippedDetectors::photo).toList();
    List<Detector.Job> jobs = images.stream().map(i -> new Detector.Job(i, OBJECTS_MIN)).toList();

    List<List<Detection>> batched = objects.detect(jobs);

    for (int i = 0; i < images.size(); i++) {
      assertThat(batched.get(i)).isEqualTo(objects.detect(images.get(i), OBJECTS_MIN));
    }
  }

  @Test
  void shouldReadEachContractFromItsFile() {
    assertThat(objects.contract().labels()).hasSize(80).startsWith("person", "bicycle", "car");
    assertThat(objects.contract().bgr()).isTrue();
    assertThat(objects.contract().inputSize()).isEqualTo(416);
    assertThat(faces.contract().labels()).containsExactly("face");
    assertThat(SsdAnchors.of(faces.contract().ssd(), 256).count()).isEqualTo(896);
  }

  private record Tally(int drawn, int found, int falseBoxes) {}

  /**
   * Each hand box of a person or vehicle is found when a detection of its class overlaps it at IoU
   * 0.5 or more (each detection finds one box); a detection of those classes that finds none, and
   * does not lie on a box marked ignore, is false.
   */
  private static Tally tally(String photo, List<Detection> detections) {
    List<Detection> relevant =
        detections.stream().filter(d -> PEOPLE_AND_VEHICLES.contains(d.label())).toList();
    Set<Detection> used = new HashSet<>();
    List<ShippedDetectors.HandBox> ignored = new ArrayList<>();
    int drawn = 0;
    int found = 0;
    for (ShippedDetectors.HandBox box : ShippedDetectors.handBoxes(photo)) {
      if (!PEOPLE_AND_VEHICLES.contains(box.label())) {
        continue;
      }
      if (box.ignore()) {
        ignored.add(box);
        continue;
      }
      drawn++;
      Detection truth = box.asDetection();
      Detection best =
          relevant.stream()
              .filter(d -> d.label().equals(box.label()) && !used.contains(d))
              .max((a, b) -> Double.compare(a.iou(truth), b.iou(truth)))
              .orElse(null);
      if (best != null && best.iou(truth) >= 0.5) {
        used.add(best);
        found++;
      }
    }
    List<Detection> falseBoxes =
        relevant.stream()
            .filter(d -> !used.contains(d))
            .filter(d -> ignored.stream().noneMatch(b -> b.asDetection().iou(d) >= 0.5))
            .toList();
    falseBoxes.forEach(d -> System.out.printf("%s: false box %s%n", photo, d));
    return new Tally(drawn, found, falseBoxes.size());
  }
}
