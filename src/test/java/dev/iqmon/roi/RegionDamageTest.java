package dev.iqmon.roi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.TestImages;
import org.junit.jupiter.api.Test;

class RegionDamageTest {

  private final RgbImage photo = TestImages.sample("chelsea.png");

  @Test
  void shouldDamageOnlyInsideTheRegion() {
    Roi roi = new Roi("r", "r", RoiOrigin.STATIC, new PixelBox(10, 10, 50, 40), null);

    RgbImage damaged =
        RegionDamage.within(roi, photo, ImageDistortions.gaussianNoise(photo, 30, 1));

    assertThat(damaged.rgb(5, 5)).isEqualTo(photo.rgb(5, 5));
    assertThat(damaged.rgb(100, 100)).isEqualTo(photo.rgb(100, 100));
    int changed = 0;
    for (int y = 10; y < 50; y++) {
      for (int x = 10; x < 60; x++) {
        changed += damaged.rgb(x, y) != photo.rgb(x, y) ? 1 : 0;
      }
    }
    assertThat(changed).isGreaterThan(50 * 40 * 9 / 10);
  }
}
