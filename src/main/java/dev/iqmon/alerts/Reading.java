package dev.iqmon.alerts;

/**
 * One value a rule judges (a score, a probability, a share, a drop, seconds of silence, repeats, a
 * distance, a delay) with where it comes from: an image, a closed window (with the baseline it was
 * compared to and how many images it held), or the clock; for the camera-health rules also what was
 * seen in words and the part of the frame concerned.
 */
public record Reading(
    long time,
    double value,
    String imageId,
    WindowRef window,
    Double baseline,
    Long imageCount,
    String detail,
    CellMask mask) {

  public static Reading ofImage(long time, double value, String imageId) {
    return new Reading(time, value, imageId, null, null, null, null, null);
  }

  public static Reading ofWindow(WindowRef window, double value, Double baseline, long images) {
    return new Reading(window.end(), value, null, window, baseline, images, null, null);
  }

  public static Reading ofClock(long time, double value, String lastImageId) {
    return new Reading(time, value, lastImageId, null, null, null, null, null);
  }

  /** This reading with what was seen, in words. */
  public Reading withDetail(String words) {
    return new Reading(time, value, imageId, window, baseline, imageCount, words, mask);
  }

  /** This reading with the part of the frame it is about. */
  public Reading withMask(CellMask cells) {
    return new Reading(time, value, imageId, window, baseline, imageCount, detail, cells);
  }
}
