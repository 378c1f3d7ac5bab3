package dev.iqmon.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.alerts.AlertEvent;
import dev.iqmon.alerts.AlertRule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON for the state stores' own values (internal topics only; everything published is Avro). */
final class JsonSerde {

  // A rule is stored by its id, as it was while it was a string; the kind it used to carry beside
  // the rule, in stores written before, is left out on reading: the rule says it.
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .addMixIn(AlertRule.class, AlertRuleJson.class)
          .addMixIn(AlertEvent.class, AlertEventJson.class);

  private abstract static class AlertRuleJson {
    @JsonValue
    abstract String id();
  }

  @JsonIgnoreProperties("kind")
  private abstract static class AlertEventJson {}

  private JsonSerde() {}

  static <T> Serde<T> of(Class<T> type) {
    return Serdes.serdeFrom(
        (topic, value) -> {
          try {
            return value == null ? null : MAPPER.writeValueAsBytes(value);
          } catch (IOException e) {
            throw new SerializationException(
                "cannot write " + type.getSimpleName() + " as JSON", e);
          }
        },
        (topic, bytes) -> {
          try {
            return bytes == null ? null : MAPPER.readValue(bytes, type);
          } catch (IOException e) {
            throw new SerializationException(
                "cannot read " + type.getSimpleName() + " from JSON", e);
          }
        });
  }
}
