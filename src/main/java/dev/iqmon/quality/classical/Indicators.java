package dev.iqmon.quality.classical;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classical measurements of one region, as published in {@code RegionQuality.indicators()}
 * under the keys below. Luma-based ones are taken at working scale (the frame shrunk to about 512 x
 * 512 pixels, so they read alike at any resolution), blockiness and colourfulness on native pixels.
 *
 * @param sharpness 0..1, higher is sharper: the share of fine edge energy a 2-sample blur removes
 *     (about 0.75 crisp, 0.55 for edges blurred by 1 sample, 0.3 by 2, 0.07 by 5); NaN when the
 *     region has no edges, and then left out of {@link #asMap()}
 * @param noise sigma of the luma noise, grey levels 0..255, measured in the flattest half of the
 *     region
 * @param blockiness steps across the 8x8 block grid relative to steps inside blocks, minus 1; 0 is
 *     none
 * @param clippedHighlights share of the region at luma 250 or more, 0..1
 * @param clippedShadows share of the region at luma 5 or less, 0..1
 * @param contrast spread between the 1st and 99th luma percentiles, 0..1
 * @param colorfulness Hasler–Süsstrunk colourfulness, 0 (grey) to about 100 (extremely colourful)
 * @param brightness mean luma, 0..1
 */
public record Indicators(
    double sharpness,
    double noise,
    double blockiness,
    double clippedHighlights,
    double clippedShadows,
    double contrast,
    double colorfulness,
    double brightness) {

  public static final String SHARPNESS = "sharpness";
  public static final String NOISE = "noise";
  public static final String BLOCKINESS = "blockiness";
  public static final String CLIPPED_HIGHLIGHTS = "clipped_highlights";
  public static final String CLIPPED_SHADOWS = "clipped_shadows";
  public static final String CONTRAST = "contrast";
  public static final String COLORFULNESS = "colorfulness";
  public static final String BRIGHTNESS = "brightness";

  /** Whether the region had edges to measure sharpness on. */
  public boolean hasEdges() {
    return !Double.isNaN(sharpness);
  }

  /** The indicators by key, in a stable order; sharpness only when the region has edges. */
  public Map<String, Double> asMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    if (hasEdges()) {
      map.put(SHARPNESS, sharpness);
    }
    map.put(NOISE, noise);
    map.put(BLOCKINESS, blockiness);
    map.put(CLIPPED_HIGHLIGHTS, clippedHighlights);
    map.put(CLIPPED_SHADOWS, clippedShadows);
    map.put(CONTRAST, contrast);
    map.put(COLORFULNESS, colorfulness);
    map.put(BRIGHTNESS, brightness);
    return map;
  }
}
