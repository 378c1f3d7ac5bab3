package dev.iqmon.quality;

import java.util.Locale;

/** The kinds of damage iqmon tells apart. */
public enum Distortion {
  BLUR,
  NOISE,
  COMPRESSION,
  EXPOSURE,
  CONTRAST,
  COLORFULNESS,
  HAZE,
  OCCLUSION;

  /** The name used in output records and config: lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Distortion ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
