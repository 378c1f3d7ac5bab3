package dev.iqmon.config;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads command-line durations the way the config file writes them ({@code 500ms, 30s, 5m, 1h,
 * 2d}); registered for every {@link Duration} option of the command line.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
