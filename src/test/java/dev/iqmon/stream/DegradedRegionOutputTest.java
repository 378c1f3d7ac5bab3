package dev.iqmon.stream;

import static dev.iqmon.stream.TestImages.event;
import static dev.iqmon.stream.TestImages.pngScoring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.ImageQuality;
import dev.iqmon.avro.RegionScore;
import dev.iqmon.avro.RoiSource;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.roi.CocoRle;
import dev.iqmon.roi.PixelBox;
import dev.iqmon.roi.RegionMask;
import dev.iqmon.roi.Roi;
import dev.iqmon.roi.RoiOrigin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regions a model finds on its own (where the image is damaged) reach the output topics. */
class DegradedRegionOutputTest {

  /** Adds a blurred 10x4 block at (2, 3) to every image, scored like the whole frame. */
  private static final class FindsBlur implements QualityModel {
    private final BrightnessModel scorer = new BrightnessModel();

    @Override
    public ModelInfo info() {
      return new ModelInfo("finds-blur", "1", "java");
    }

    @Override
    public List<ImageResult> score(List<ImageJob> jobs) {
      List<ImageResult> results = new ArrayList<>();
      for (ImageResult r : scorer.score(jobs)) {
        BitSet bits = new BitSet();
        bits.set(0, 40);
        Roi blur =
            Roi.ofMask(
                "degraded-1",
                "blur",
                RoiOrigin.DEGRADED,
                new RegionMask(new PixelBox(2, 3, 10, 4), bits));
        List<ScoredRegion> regions = new ArrayList<>(r.regions());
        regions.add(new ScoredRegion(blur, r.regions().get(0).quality()));
        results.add(new ImageResult(regions));
      }
      return results;
    }
  }

  @Test
  void shouldPublishADegradedRegionWithItsLabelAndMask() {
    try (TopologyHarness t = new TopologyHarness("", new FindsBlur())) {
      t.publish(event("cam-1", "img-1", Instant.parse("2026-01-01T00:00:00Z"), pngScoring(30)));

      List<RegionScore> regions = t.regionScores.readValuesToList();
      RegionScore blur = regions.get(regions.size() - 1);
      assertThat(blur.getRoiId()).isEqualTo("degraded-1");
      assertThat(blur.getLabel()).isEqualTo("blur");
      assertThat(blur.getSource()).isEqualTo(RoiSource.DEGRADED);
      assertThat(blur.getAreaFraction()).isEqualTo(40.0 / (64 * 48));
      RegionMask mask = CocoRle.decode(blur.getMask().getCounts(), 64, 48).orElseThrow();
      assertThat(mask.bounds()).isEqualTo(new PixelBox(2, 3, 10, 4));
      ImageQuality image = t.imageQuality.readValue();
      assertThat(image.getRegions()).extracting(r -> r.getRoiId()).contains("degraded-1");
    }
  }
}
