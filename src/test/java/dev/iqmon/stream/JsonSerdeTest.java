package dev.iqmon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.alerts.AlertEvent;
import dev.iqmon.alerts.AlertRule;
import dev.iqmon.alerts.EpisodeState;
import dev.iqmon.config.AlertSeverity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final Serde<EpisodeState> serde = JsonSerde.of(EpisodeState.class);

  private static AlertEvent fired() {
    return new AlertEvent(
        "cam-1/whole/low-score",
        "cam-1/whole/low-score@1000",
        "cam-1",
        "whole",
        AlertRule.LOW_SCORE,
        null,
        true,
        AlertSeverity.WARNING,
        1000,
        null,
        "cam-1/whole: score under 40",
        new AlertEvent.Evidence(
            22.5, 40, null, List.of(30.0, 22.5), List.of("a", "b"), null, null, null, null));
  }

  @Test
  void shouldStoreTheRuleByItsIdAndReadItBack() {
    EpisodeState state = new EpisodeState(fired(), List.of(), List.of());

    byte[] json = serde.serializer().serialize("store", state);

    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"rule\":\"low-score\"");
    assertThat(serde.deserializer().deserialize("store", json)).isEqualTo(state);
  }

  @Test
  void shouldReadStateStoredWithTheRuleAndKindAsStrings() {
    String stored =
        "{\"fired\":{\"alertId\":\"cam-1/whole/low-score\",\"episodeId\":\"cam-1/whole/low-score@1000\","
            + "\"feedId\":\"cam-1\",\"label\":\"whole\",\"rule\":\"low-score\",\"kind\":\"LOW_SCORE\","
            + "\"qualifier\":null,\"firing\":true,\"severity\":\"WARNING\",\"firedAt\":1000,"
            + "\"resolvedAt\":null,\"message\":\"cam-1/whole: score under 40\",\"evidence\":"
            + "{\"value\":22.5,\"threshold\":40.0,\"baseline\":null,\"values\":[30.0,22.5],"
            + "\"imageIds\":[\"a\",\"b\"],\"window\":null,\"imageCount\":null,\"detail\":null,"
            + "\"mask\":null}},\"runValues\":[],\"runImageIds\":[]}";

    EpisodeState read =
        serde.deserializer().deserialize("store", stored.getBytes(StandardCharsets.UTF_8));

    assertThat(read).isEqualTo(new EpisodeState(fired(), List.of(), List.of()));
  }
}
