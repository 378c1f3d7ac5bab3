package dev.iqmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void shouldReadTheConfigFileSyntax() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void shouldRefuseOtherTextWithTheSyntaxInTheMessage() {
    assertThatThrownBy(() -> converter.convert("PT5M"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage("not a duration: 'PT5M' (write e.g. 500ms, 30s, 5m, 1h or 2d)");
  }
}
