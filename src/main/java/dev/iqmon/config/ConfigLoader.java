package dev.iqmon.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration: the built-in defaults ({@code iqmon-defaults.yaml}), then a YAML file
 * over them, then {@code key.path=value} overrides. {@code ${NAME}} and {@code ${NAME:-fallback}}
 * in the file are replaced from the environment, except on comment lines. Unknown keys are errors.
 * Durations and names are bound to {@link java.time.Duration} and enums as they are read (see
 * {@link SettingValues}).
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "/iqmon-defaults.yaml";
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .registerModule(SettingValues.module());
  private final Function<String, String> environment;
  private ObjectNode tree;

  public ConfigLoader() {
    this(System::getenv);
  }

  public ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
    this.tree = readTree(defaultsText(), DEFAULTS);
  }

  /** Lays a YAML file over what was loaded so far. */
  public ConfigLoader file(Path path) {
    try {
      return text(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + path.toAbsolutePath());
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Lays YAML text over what was loaded so far; {@code origin} names it in errors. */
  public ConfigLoader text(String yamlText, String origin) {
    merge(tree, readTree(substitute(yamlText, origin), origin));
    return this;
  }

  /** Sets one value by its dotted path, e.g. {@code kafka.bootstrap-servers=host:9092}. */
  public ConfigLoader set(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("override must look like key.path=value, got '" + assignment + "'");
    }
    String[] path = assignment.substring(0, eq).trim().split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      node =
          node.has(path[i]) && node.get(path[i]).isObject()
              ? (ObjectNode) node.get(path[i])
              : node.putObject(path[i]);
    }
    JsonNode value =
        readTree("v: " + assignment.substring(eq + 1), "override " + assignment).get("v");
    node.set(path[path.length - 1], value);
    return this;
  }

  public IqmonConfig load() {
    ObjectNode complete = tree.deepCopy();
    AlertOverrides.expand(complete);
    try {
      return yaml.treeToValue(complete, IqmonConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          "unknown setting '"
              + e.getPropertyName()
              + "' at "
              + path(e)
              + "; known: "
              + e.getKnownPropertyIds(),
          e);
    } catch (JsonProcessingException e) {
      Throwable cause = rootCause(e);
      if (cause instanceof SettingValues.BadValueException bad) {
        throw new ConfigException(path(e) + bad.getMessage(), e);
      }
      if (cause instanceof ConfigException ce) {
        throw located(ce, path(e));
      }
      throw new ConfigException(
          "invalid configuration at " + path(e) + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Names where an invalid value was when its message names another place, as for a value that came
   * from an override laid over the global settings.
   */
  private static ConfigException located(ConfigException e, String path) {
    if (path.equals("the top level") || e.getMessage().startsWith(path)) {
      return e;
    }
    return new ConfigException(e.getMessage() + " (in " + path + ")", e);
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      StringBuilder sb = new StringBuilder();
      for (var ref : m.getPath()) {
        sb.append(
            ref.getFieldName() != null
                ? (sb.length() > 0 ? "." : "") + ref.getFieldName()
                : "[" + ref.getIndex() + "]");
      }
      return sb.length() == 0 ? "the top level" : sb.toString();
    }
    return "the top level";
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Replaces variables line by line; lines that are only a comment are left as they are. */
  private String substitute(String text, String origin) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("(?<=\n)")) {
      out.append(line.stripLeading().startsWith("#") ? line : substituteLine(line, origin));
    }
    return out.toString();
  }

  private String substituteLine(String text, String origin) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = environment.apply(m.group(1));
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        throw new ConfigException(
            origin + ": environment variable " + m.group(1) + " is not set and has no default");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private ObjectNode readTree(String text, String origin) {
    try {
      JsonNode node = yaml.readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return yaml.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(origin + ": expected a YAML mapping at the top level");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  /** Objects merge key by key; anything else in {@code over} replaces what {@code base} had. */
  static void merge(ObjectNode base, ObjectNode over) {
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      JsonNode existing = base.get(e.getKey());
      if (existing instanceof ObjectNode existingObject
          && e.getValue() instanceof ObjectNode overObject) {
        merge(existingObject, overObject);
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
  }

  private static String defaultsText() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }
}
