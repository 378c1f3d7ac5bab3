package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.image.ImageDecodeException.Reason;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Decode memory is bounded by the bytes a decode allocates, from the header: a 300 KB PNG that
 * claims 6300x6300 16-bit RGBA is 40 megapixels and under the pixel limit, but its full-depth
 * raster alone would be 318 MB.
 */
class DecodeMemoryTest {

  private static final byte[] RGBA16 = TestImages.fileBytes("rgba16-6300.png");
  private static final long RESULT_BYTES = 6300L * 6300 * Integer.BYTES;

  @Test
  void shouldRefuseADecodeThatWouldAllocateMoreThanTheLimitNamingTheBytes() {
    long limit = 100L << 20;
    ImageDecoder small =
        new ImageDecoder(new DecodeLimits(32L << 20, 40_000_000L, 20_000, 20_000, limit, limit));

    assertThatThrownBy(() -> small.decode(RGBA16))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE_TO_DECODE);
              assertThat(e.getMessage())
                  .contains("6300x6300 16-bit RGBA")
                  .contains("152 MiB")
                  .contains("limit 100 MiB");
            });
  }

  @Test
  void shouldReduceA16BitPngTo8BitsRowByRowAllocatingLittleMoreThanTheResult() {
    ImageDecoder decoder = new ImageDecoder();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    RgbImage image = decoder.decode(RGBA16).image();

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(image.width()).isEqualTo(6300);
    // A full-depth raster would add 8 bytes a pixel to the 4 of the result.
    assertThat(allocated).isLessThan(RESULT_BYTES + (RESULT_BYTES >> 2));
    // Top left: opaque red; bottom left: transparent, so black over black.
    assertThat(image.rgb(0, 0)).isEqualTo(0xff0000);
    assertThat(image.rgb(0, 6299)).isEqualTo(0x000000);
  }

  @Test
  void shouldDecodeA16BitPngToThePixelsOfAnEightBitReduction() {
    RgbImage image = new ImageDecoder().decode(RGBA16).image();

    // Halfway down: red to blue gradient at half opacity over black.
    int middle = image.rgb(0, 3150);
    assertThat(middle >> 16 & 0xff).isBetween(60, 68);
    assertThat(middle & 0xff).isBetween(60, 68);
  }

  @Test
  void shouldMakeALargeDecodeWaitWhileOthersHoldTheDecodeMemory() throws Exception {
    DecodeMemory memory = new DecodeMemory(200L << 20);
    DecodeMemory.Share held = memory.take(RESULT_BYTES);
    AtomicBoolean started = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Thread second =
        new Thread(
            () -> {
              DecodeMemory.Share share = memory.take(RESULT_BYTES);
              started.set(true);
              share.close();
              done.countDown();
            });
    second.start();

    assertThat(done.await(300, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(started).isFalse();
    held.close();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(memory.freeBytes()).isEqualTo(200L << 20);
  }
}
