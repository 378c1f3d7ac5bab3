package dev.iqmon.detect;

import java.util.List;

/** Contracts shaped like the shipped detectors', small enough to fill outputs by hand. */
final class DetectorLayouts {

  private DetectorLayouts() {}

  /** A GFL detector of {@code size} with the given strides, 11 bins a side, two classes. */
  static DetectorContract gfl(int size, List<Integer> strides) {
    return new DetectorContract(
        "test-gfl",
        DetectorContract.Kind.GFL,
        size,
        true,
        new float[] {100, 110, 120},
        new float[] {50, 55, 60},
        List.of("person", "car"),
        new DetectorContract.GflLayout(strides, 10, 0.5),
        null);
  }

  /** BlazeFace's back-camera layout at 256. */
  static DetectorContract blazeFaceBack() {
    return new DetectorContract(
        "test-ssd",
        DetectorContract.Kind.SSD,
        256,
        false,
        new float[] {127.5f, 127.5f, 127.5f},
        new float[] {127.5f, 127.5f, 127.5f},
        List.of("face"),
        null,
        new DetectorContract.SsdLayout(List.of(16, 32, 32, 32), 2, 0.5, 256, 100));
  }
}
