package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.DeadLetter;
import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionSummary;
import dev.iqmon.image.TestImages;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the decoder does to an image shows in the results: orientation, animations refused. */
class DecodedImageTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CONFIG =
      """
      feeds:
        cam-1:
          rois:
            - id: bottom
              box: [0.0, 0.5, 1.0, 0.5]
      """;

  @Test
  void shouldReportSizesAndBoxesInTheUprightFrameWithTheOrientationApplied() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      // Stored 60x40 with EXIF orientation 6: people see it 40 wide and 60 tall.
      t.publish(event("cam-1", "portrait", T0, TestImages.fileBytes("orient6.jpg")));

      ImageQuality image = t.imageQuality.readValue();
      assertThat(image.getWidth()).isEqualTo(40);
      assertThat(image.getHeight()).isEqualTo(60);
      assertThat(image.getOrientation()).isEqualTo(6);
      RegionSummary bottom =
          image.getRegions().stream().filter(r -> r.getRoiId().equals("bottom")).findFirst().get();
      assertThat(bottom.getBox().getY()).isEqualTo(30.0);
      assertThat(bottom.getBox().getWidth()).isEqualTo(40.0);
    }
  }

  @Test
  void shouldDeadLetterAnAnimationSayingItIsOne() {
    try (TopologyHarness t = new TopologyHarness(CONFIG)) {
      t.publish(event("cam-1", "gif", T0, TestImages.fileBytes("animated.gif")));

      DeadLetter letter = t.deadLetters.readValue();
      assertThat(letter.getStage()).isEqualTo(FailedStage.DECODE);
      assertThat(letter.getReason()).contains("animated GIF with 3 frames");
      assertThat(t.imageQuality.isEmpty()).isTrue();
    }
  }
}
