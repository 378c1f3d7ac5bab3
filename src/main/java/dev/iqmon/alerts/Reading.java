package dev.iqmon.alerts;

/**
 * One value a rule judges (a score, a probability, a share, a drop, seconds of silence, repeats)
 * with where it comes from: an image, a closed window (with the baseline it was compared to and how
 * many images it held), or the clock.
 */
public record Reading(
    long time, double value, String imageId, WindowRef window, Double baseline, Long imageCount) {

  public static Reading ofImage(long time, double value, String imageId) {
    return new Reading(time, value, imageId, null, null, null);
  }

  public static Reading ofWindow(WindowRef window, double value, Double baseline, long images) {
    return new Reading(window.end(), value, null, window, baseline, images);
  }
}
