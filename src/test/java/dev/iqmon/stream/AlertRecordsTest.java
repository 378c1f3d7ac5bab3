package dev.iqmon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.alerts.AlertRule;
import dev.iqmon.avro.AlertKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AlertRecordsTest {

  @Test
  void shouldGiveEveryRuleTheKindOfItsOwnName() {
    for (AlertRule rule : AlertRule.values()) {
      assertThat(AlertRecords.kind(rule).name()).as(rule.id()).isEqualTo(rule.name());
    }
  }

  @Test
  void shouldLeaveOnlyOtherWithoutARule() {
    assertThat(Arrays.stream(AlertKind.values()).filter(k -> k != AlertKind.OTHER))
        .containsExactlyElementsOf(
            Arrays.stream(AlertRule.values()).map(AlertRecords::kind).toList());
  }
}
