package dev.iqmon.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Binds the settings that are written as text to their types while the config is read: durations
 * ({@code 500ms, 30s, 5m, 1h, 2d}, see {@link Durations}) to {@link Duration}, and names to enum
 * constants, written in lower case with hyphens ({@code resized-hwc} is {@code RESIZED_HWC}), any
 * case accepted. A bad value fails the load with the setting's key, what was given and what is
 * allowed.
 */
final class SettingValues {

  private SettingValues() {}

  /** The Jackson module {@link ConfigLoader} reads the config with. */
  static SimpleModule module() {
    SimpleModule module =
        new SimpleModule("iqmon-settings") {
          private static final long serialVersionUID = 1L;

          @Override
          public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addDeserializers(new EnumSettings());
          }
        };
    module.addDeserializer(Duration.class, new DurationSetting());
    return module;
  }

  /** How an enum constant is written in config: {@code RESIZED_HWC} is {@code resized-hwc}. */
  private static String written(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant of the enum {@code type} that {@code text} names, in any case, with hyphens or
   * underscores.
   *
   * @throws BadValueException naming the constants allowed
   */
  static Object constant(Class<?> type, String text) {
    Object[] constants = type.getEnumConstants();
    if (text != null) {
      String name = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
      for (Object c : constants) {
        if (((Enum<?>) c).name().equals(name)) {
          return c;
        }
      }
    }
    String allowed = Arrays.stream(constants).map(c -> written((Enum<?>) c)).toList().toString();
    throw new BadValueException(" must be one of " + allowed + ", got '" + text + "'");
  }

  /**
   * A value that cannot be bound; {@link ConfigLoader} puts the setting's key before the message.
   */
  static final class BadValueException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /**
     * @param afterKey what follows the key in the message, e.g. {@code " must be one of ..."}
     */
    BadValueException(String afterKey) {
      super(afterKey);
    }
  }

  private static final class DurationSetting extends StdScalarDeserializer<Duration> {

    private static final long serialVersionUID = 1L;

    DurationSetting() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      if (text == null || text.isBlank()) {
        throw new BadValueException(" must be set to a duration, e.g. 500ms, 30s, 5m, 1h or 2d");
      }
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new BadValueException(": " + e.getMessage());
      }
    }
  }

  private static final class EnumSetting extends StdScalarDeserializer<Object> {

    private static final long serialVersionUID = 1L;

    EnumSetting(Class<?> type) {
      super(type);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return constant(handledType(), p.getValueAsString());
    }
  }

  private static final class EnumSettings extends Deserializers.Base {
    @Override
    public JsonDeserializer<?> findEnumDeserializer(
        Class<?> type, DeserializationConfig config, BeanDescription beanDesc) {
      return new EnumSetting(type);
    }
  }
}
